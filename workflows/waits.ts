/**
 * Every wait of the order workflow goes through {@link waitFor}, so that no wait outlasts Temporal's suggestion to
 * continue as new: however many webhooks, hints or updates arrive while an order waits, its history stays bounded.
 */
import { condition, workflowInfo } from '@temporalio/workflow';

/**
 * Thrown by a wait when Temporal suggests continuing as new. The state is at rest at every wait (no call under way
 * in the order's own flow), so the workflow function catches it and continues as new with the state as it is.
 */
export class ContinueAsNewDue extends Error {
  override name = 'ContinueAsNewDue';
}

/**
 * Waits until `ready()` holds, or `timeoutMs` passes (returns false), or Temporal suggests continuing as new while
 * `ready()` still does not hold (throws {@link ContinueAsNewDue}).
 */
export async function waitFor(ready: () => boolean, timeoutMs?: number): Promise<boolean> {
  const due = (): boolean => workflowInfo().continueAsNewSuggested;
  const woken =
    timeoutMs === undefined
      ? await condition(() => ready() || due()).then(() => true)
      : await condition(() => ready() || due(), timeoutMs);
  if (!ready() && due()) throw new ContinueAsNewDue();
  return woken;
}
