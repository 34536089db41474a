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
 * One slot of a provider's rate limit for a request the API makes itself: an activity that calls nothing, on the
 * provider's task queue, which Temporal dispatches no faster than the queue's rate (server-side, so across every API
 * and worker process). Returns when the slot was granted (epoch ms, the worker's clock): the caller may send one
 * request, if it still can soon after that. A schedule-to-start timeout means the queue was too busy for the caller's
 * wait. The slot has the default priority, as every provider call but a poll: a PDF a person waits for goes with
 * the orders' own calls (a priority of its own was seen to be limited apart from theirs on the dev server).
 */
export async function providerSlot(input: ProviderSlotInput): Promise<number> {
  const { grantProviderSlot } = proxyActivities<ProviderActivities>({
    taskQueue: providerTaskQueue(input.provider),
    scheduleToStartTimeout: input.waitMs,
    startToCloseTimeout: '10s',
    // A slot that was not granted in time is not retried: the caller has given up and answered 503.
    retry: { maximumAttempts: 1 },
  });
  return await grantProviderSlot();
}
