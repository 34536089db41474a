import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, TimeoutFailure } from '@temporalio/common';
import type { RequestGate } from '../providers/http';
import type { ProviderSlotInput, ProviderSlotWorkflow } from '../../workflows/public';
import { ORDERS_TASK_QUEUE, PROVIDER_SLOT_WORKFLOW, SlotPriority } from '../../workflows/public';

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

/**
 * A provider's {@link RequestGate} for one read the API makes itself (its requests, one slot each: the first at
 * {@link SlotPriority.First}, the others at {@link SlotPriority.Later}).
 */
export type ProviderSlots = (provider: string) => RequestGate;

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
 * call; its completion lets the one request go, and every request is counted whatever the provider's read makes. A
 * slot not granted within {@link SLOT_WAIT_MS} (the activity's schedule-to-start timeout) is refused with
 * {@link ProviderSlotUnavailableError}. A granted slot reaches the provider a little later than an activity's own call
 * would (the activity's completion, the workflow's last task and the result's long poll come between): the queue
 * runs at 90% of the provider's limit, which leaves room for such a gap.
 */
export function providerSlots(client: Client, waitMs = SLOT_WAIT_MS): ProviderSlots {
  return (provider) => {
    let taken = 0;
    return () => takeSlot(client, { provider, waitMs, priorityKey: taken++ ? SlotPriority.Later : SlotPriority.First });
  };
}

/** Runs one `providerSlot` workflow to its end: the slot granted, or {@link ProviderSlotUnavailableError}. */
async function takeSlot(client: Client, input: ProviderSlotInput): Promise<void> {
  const { provider, waitMs } = input;
  try {
    await client.workflow.execute<ProviderSlotWorkflow>(PROVIDER_SLOT_WORKFLOW, {
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
