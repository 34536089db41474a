import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, TimeoutFailure } from '@temporalio/common';
import type { RequestGate } from '../providers/http';
import { providerAccount } from '../providers/registry';
import type { ProviderSlotInput, ProviderSlotWorkflow } from '../../workflows/public';
import { ORDERS_TASK_QUEUE, PROVIDER_SLOT_WORKFLOW } from '../../workflows/public';

/**
 * How long a request of the API waits for a slot of its provider's rate limit before it gives up (the slot activity's
 * schedule-to-start timeout): a person is waiting for the answer, and past a few seconds the queue is busy enough
 * that a retry later is the better answer.
 * @default 3 s
 */
export const SLOT_WAIT_MS = 3_000;

/**
 * The slot workflow's own bound beyond {@link SLOT_WAIT_MS}: its first workflow task and its completion must run on
 * the order worker too, and with no worker running nothing would end the wait.
 */
const SLOT_WORKFLOW_GRACE_MS = 3_000;

/** No slot of the provider's rate limit came within the wait: the caller answers `503` with `Retry-After`. */
export class ProviderSlotUnavailableError extends Error {
  override name = 'ProviderSlotUnavailableError';
  constructor(
    readonly provider: string,
    readonly waitMs: number,
  ) {
    super(`no slot of ${provider}'s rate limit within ${waitMs} ms`);
  }
}

/** A provider's {@link RequestGate} for one read the API makes itself: one slot for each of its requests. */
export type ProviderSlots = (provider: string) => RequestGate;

/**
 * The oldest a granted slot may be when the API sends its request. The queue runs at 90% of the provider's limit, so
 * requests that reach the provider within about 110 ms of their grant (for a limit counted per second) can never
 * exceed it; an activity's own call reaches it within milliseconds. A slot's way to the API is longer (the activity's
 * completion, the workflow's last task, the result) and under load was seen to take up to 2 s: slots granted over
 * seconds then reached the API together, and their requests overran the provider's second. An older slot is let go
 * unused and another taken, within the same wait. The age is the API's clock against the worker's: hosts kept in time
 * (NTP) agree within milliseconds.
 * @default 75 ms
 */
export const MAX_SLOT_AGE_MS = 75;

/**
 * Gates that let each of the API's own provider requests go only once Temporal has granted it a slot of the provider's
 * rate limit, the same limit every other call to that provider account goes through.
 *
 * Why this way: the worker limits a provider with its task queue (`maxTaskQueueActivitiesPerSecond`), which Temporal
 * enforces server-side, across every process. The report PDF cannot be fetched in an activity (its bytes would pass
 * through Temporal, whose payloads it must never be in, and are capped at 2 MB), nor by a signed URL (neither
 * provider gives one). An activity resolving the PDF's location (reading the order) would count that read, but not
 * the PDF's own request, which the API still makes. A limiter of the API's own (in memory, or in a shared store)
 * would be a second budget beside the queue's, and the two together would exceed the provider's limit. So the API
 * takes slots from the queue itself: before each request (Truework's PDF makes two, Truv's two to four) it runs the
 * `providerSlot` workflow, whose one activity calls nothing and is dispatched at the queue's rate like every provider
 * call; its completion lets the one request go if it is fresh ({@link MAX_SLOT_AGE_MS}), and every request is counted
 * whatever the provider's read makes. No fresh slot within {@link SLOT_WAIT_MS} (the activity's schedule-to-start
 * timeout) is a {@link ProviderSlotUnavailableError}.
 */
export function providerSlots(
  client: Client,
  options: { waitMs?: number; maxAgeMs?: number; clock?: () => number } = {},
): ProviderSlots {
  const { waitMs = SLOT_WAIT_MS, maxAgeMs = MAX_SLOT_AGE_MS, clock = Date.now } = options;
  return (provider) => async () => {
    const deadline = clock() + waitMs;
    for (let left = waitMs; left > 0; left = deadline - clock()) {
      // A provider that shares another's account shares its limit: the slot is the account's.
      const grantedAt = await takeSlot(client, { provider: providerAccount(provider), waitMs: left });
      if (clock() - grantedAt <= maxAgeMs) return;
    }
    throw new ProviderSlotUnavailableError(provider, waitMs);
  };
}

/** Runs one `providerSlot` workflow to its end: when its slot was granted, or {@link ProviderSlotUnavailableError}. */
async function takeSlot(client: Client, input: ProviderSlotInput): Promise<number> {
  const { provider, waitMs } = input;
  try {
    return await client.workflow.execute<ProviderSlotWorkflow>(PROVIDER_SLOT_WORKFLOW, {
      taskQueue: ORDERS_TASK_QUEUE,
      workflowId: `voie-provider-slot-${provider}-${randomUUID()}`,
      args: [input],
      workflowExecutionTimeout: waitMs + SLOT_WORKFLOW_GRACE_MS,
    });
  } catch (err) {
    if (timedOut(err)) throw new ProviderSlotUnavailableError(provider, waitMs);
    throw err;
  }
}

/** Whether the slot workflow failed for want of time: its activity's wait, or its own bound. */
function timedOut(err: unknown): boolean {
  if (!(err instanceof WorkflowFailedError)) return false;
  const cause = err.cause instanceof ActivityFailure ? err.cause.cause : err.cause;
  return cause instanceof TimeoutFailure;
}
