import { proxyActivities } from '@temporalio/workflow';
import type { ProviderActivities } from '../activities';
import { providerTaskQueue } from './task-queues';

/** What `providerSlot` is started with. */
export interface ProviderSlotInput {
  /** The provider whose rate limit the slot is taken from. */
  provider: string;
  /** How long the slot may wait for the provider's task queue (ms); past it the workflow fails with a timeout. */
  waitMs: number;
  /** The slot's priority on the provider's queue (see {@link SlotPriority}); {@link SlotPriority.First} when absent. */
  priorityKey?: number;
}

/**
 * A slot's priority on the provider's queue. The first request of a PDF read goes after orders' creates and
 * webhook-driven reads (3, the default) and before polls (5): a PDF a person is waiting for goes before a routine
 * poll, never before an order's own progress. A read's later requests go with the orders' calls, ahead of other
 * reads' first requests, so that a burst of reads finishes the reads it began instead of spending the provider's
 * requests on reads that then wait too long for their second.
 */
export const SlotPriority = { First: 4, Later: 3 } as const;

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
    priority: { priorityKey: input.priorityKey ?? SlotPriority.First },
  });
  await grantProviderSlot();
}
