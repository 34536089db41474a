/**
 * The registry of the order workflow's patches: every change to the commands a workflow issues, made after 1.0.0, is
 * guarded by `patched(id)` with an entry here, and `test/workflow/replay.test.ts` (see the README, "Changing a
 * workflow") requires a history recorded before it for each. Modelled on the Temporal SDK's own `flags.ts`.
 *
 * Before 1.0.0 voie had never run in production, so the list starts empty: changes re-recorded the histories instead.
 */
export interface Patch {
  /** The id `patched()` is called with; never reused. */
  id: string;
  /** The voie release that brought it. */
  since: string;
  /** What the patched branch does differently. */
  changes: string;
  /**
   * When the old branch may go: once no open order started before `since` can exist (the longest an order lives,
   * its re-verification window included), the call becomes `deprecatePatch(id)`, then is removed with its entry.
   */
  removableAfter: string;
}

export const PATCHES: readonly Patch[] = [];

/** Whether `id` is registered (a `patched()` call with an id outside the registry is a bug the tests catch). */
export function isRegistered(id: string): boolean {
  return PATCHES.some((patch) => patch.id === id);
}
