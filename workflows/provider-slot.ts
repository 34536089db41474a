import { proxyActivities } from '@temporalio/workflow';
import type { ProviderActivities } from '../activities';
import { providerTaskQueue } from './task-queues';

/** What `providerSlot` is started with. */
export interface ProviderSlotInput {
  /** The provider whose rate limit the slot is taken from. */
  provider: string;
  /** How long the slot may wait for the provider's task queue (ms); past it the workflow fails with a timeout. */
  waitMs: number;
}

/**
 * A slot's priority on the provider's queue: after orders' creates and webhook-driven reads (3, the default), before
 * polls (5). A PDF a person is waiting for goes before a routine poll, never before an order's own progress.
 */
export const SLOT_PRIORITY_KEY = 4;

/**
 * One slot of a provider's rate limit for a request the API makes itself: an activity that calls nothing, on the
 * provider's task queue, which Temporal dispatches no faster than the queue's rate (server-side, so across every API
 * and worker process). Completing means the caller may send one request now; a schedule-to-start timeout means the
 * queue was too busy for the caller's wait.
 */
export async function providerSlot(input: ProviderSlotInput): Promise<void> {
  const { grantProviderSlot } = proxyActivities<ProviderActivities>({
    taskQueue: providerTaskQueue(input.provider),
    scheduleToStartTimeout: input.waitMs,
    startToCloseTimeout: '10s',
    // A slot that was not granted in time is not retried: the caller has given up and answered 503.
    retry: { maximumAttempts: 1 },
    priority: { priorityKey: SLOT_PRIORITY_KEY },
  });
  await grantProviderSlot();
}
