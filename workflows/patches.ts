import { patched } from '@temporalio/workflow';

/**
 * The registry of the workflows' patches: every change to the commands a workflow issues, made after 1.0.0, is
 * guarded by `patched(id)` with an entry here, and `test/workflow/replay.test.ts` (see docs/development.md, "Changing a
 * workflow") requires a history recorded before it for each. Modelled on the Temporal SDK's own `flags.ts`.
 *
 * 1.0.0 is the baseline every patch is counted from: it has none.
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

/**
 * `patched(id)` for a registered patch. Workflow code calls this, never `patched()` itself (lint forbids it), so that
 * no patch escapes the registry and its replay test.
 */
export function hasPatch(id: string): boolean {
  if (!PATCHES.some((patch) => patch.id === id)) throw new Error(`patch ${id} is not in workflows/patches.ts`);
  return patched(id);
}
