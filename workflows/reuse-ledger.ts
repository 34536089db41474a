/**
 * The reuse ledger of one borrower and employer at one provider, in one tenant: the latest verification an order of
 * the tenant paid for there, until the provider's free window passes, and the order placing one now (its owner). A
 * step with reuse on claims the key before it creates a provider order (`reuseClaimUpdate`, an update-with-start, so
 * the first claim starts the ledger): two orders racing for the same borrower and employer place at most one paid
 * provider order, the second waits and then re-verifies the first's. Decisions are pure functions of the state and
 * the workflow's clock; the workflow ends once nothing is held (its window passed, no owner).
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { ReverificationSource } from '../src/providers/provider';
import type { ReuseAnswer, ReuseClaim, ReuseSettled } from './reuse-messages';
import { providerHintsSignal } from './messages';
import {
  reuseClaimUpdate,
  reuseHintSignal,
  reuseKeySettledSignal,
  reuseOwnerCheckSignal,
  reuseRecheckSignal,
  reuseSettledSignal,
  verificationRecheckedSignal,
} from './reuse-messages';

/** How many re-check ids the ledger keeps of its verification (the most recent): enough for a retry's lookup. */
const MAX_RECHECKS = 50;

/** How many waiting orders the ledger tells when the key settles; others claim again at their own timer. */
const MAX_WAITERS = 100;

/** Past this many history events the ledger continues as new: a busy borrower keeps its history small. */
const MAX_HISTORY_EVENTS = 2_000;

/** A re-check an order placed of the ledger's verification. */
export interface Recheck {
  orderId: string;
  providerOrderId: string;
}

/** The ledger's state: plain data, carried across continue-as-new. */
export interface ReuseLedgerState {
  /** The latest verification, reusable until `until` (epoch ms, workflow time). */
  latest: {
    orderId: string;
    source: Omit<ReverificationSource, 'asOf'>;
    until: number;
    /** The re-checks other orders placed of it, most recent last: which order each is. */
    rechecks: Recheck[];
    /** The provider would not re-verify it (a claimer said so): offered no more. */
    refused?: boolean;
  } | null;
  /** The order placing a provider order for the key, until `leaseUntil` (epoch ms). */
  owner: { orderId: string; leaseUntil: number; windowMs: number } | null;
  /** The orders answered `wait` since the owner took the key: told when it settles. */
  waiters: string[];
}

/** A ledger that holds nothing yet. */
export function newReuseLedgerState(): ReuseLedgerState {
  return { latest: null, owner: null, waiters: [] };
}

/** A claim's answer before the ledger takes it: a `wait` names the owner it waits on. */
export type ClaimDecision = Exclude<ReuseAnswer, { kind: 'wait' }> | { kind: 'wait'; owner: string };

/**
 * How a claim at `now` would be answered, changing nothing: the verification in its window unless the claimer made it
 * or the provider refused it, else a wait on an owner whose lease runs, else the key.
 */
export function decide(state: ReuseLedgerState, request: ReuseClaim, now: number): ClaimDecision {
  const { latest, owner } = state;
  const offered =
    latest &&
    !latest.refused &&
    latest.orderId !== request.refused &&
    latest.orderId !== request.orderId &&
    now < latest.until;
  if (offered) {
    const earlierRecheckIds = latest.rechecks.map((recheck) => recheck.providerOrderId);
    return { kind: 'reuse', orderId: latest.orderId, source: latest.source, earlierRecheckIds };
  }
  if (owner && owner.orderId !== request.orderId && now < owner.leaseUntil)
    return { kind: 'wait', owner: owner.orderId };
  return { kind: 'create' };
}

/**
 * A claim's answer at `now`: a `create` makes the caller the owner, a `wait` puts it among the orders told when the
 * key settles. A verification the claimer says the provider refused is offered no more, but kept: re-checks others
 * placed of it are still recorded and their webhooks passed on.
 */
export function claim(state: ReuseLedgerState, request: ReuseClaim, now: number): ReuseAnswer {
  if (request.refused !== undefined && state.latest?.orderId === request.refused) state.latest.refused = true;
  const decision = decide(state, request, now);
  const waiters = state.waiters.filter((id) => id !== request.orderId);
  state.waiters = waiters;
  if (decision.kind === 'wait') {
    if (waiters.length < MAX_WAITERS) waiters.push(request.orderId);
    return { kind: 'wait' };
  }
  if (decision.kind === 'create') {
    state.owner = { orderId: request.orderId, leaseUntil: request.leaseUntil, windowMs: request.windowMs };
  }
  return decision;
}

/**
 * The owner's provider order ended: a verification is recorded for later orders; either way the key is free. Returns
 * the orders waiting on it, to be told.
 */
export function settled(state: ReuseLedgerState, outcome: ReuseSettled): string[] {
  const { owner } = state;
  if (!owner || owner.orderId !== outcome.orderId) return [];
  state.owner = null;
  if (outcome.verified) {
    const until = Date.parse(outcome.verified.completedAt) + owner.windowMs;
    state.latest = { orderId: outcome.orderId, source: outcome.verified, until, rechecks: [] };
  }
  const waiters = state.waiters;
  state.waiters = [];
  return waiters;
}

/** The owner's workflow closed without settling: the key is free for the claim that found it so. */
export function ownerGone(state: ReuseLedgerState, orderId: string): void {
  if (state.owner?.orderId === orderId) state.owner = null;
}

/** Records a re-check of the ledger's verification, keeping the most recent {@link MAX_RECHECKS}. */
export function rechecked(state: ReuseLedgerState, recheck: Recheck): void {
  const rechecks = state.latest?.rechecks;
  if (!rechecks || rechecks.some((known) => known.providerOrderId === recheck.providerOrderId)) return;
  rechecks.push(recheck);
  if (rechecks.length > MAX_RECHECKS) rechecks.splice(0, rechecks.length - MAX_RECHECKS);
}

/** Epoch ms until which the ledger holds something (a verification in its window, an owner's lease); 0 for none. */
export function heldUntil(state: ReuseLedgerState): number {
  return Math.max(state.latest?.until ?? 0, state.owner?.leaseUntil ?? 0);
}

/** Whether the order's workflow runs: a signal to one that closed fails. */
async function runs(orderId: string): Promise<boolean> {
  try {
    await getExternalWorkflowHandle(orderId).signal(reuseOwnerCheckSignal);
    return true;
  } catch {
    return false;
  }
}

/**
 * The reuse ledger of one tenant, provider and reuse key: answers claims (`reuse`, `create`, `wait`), records the
 * owner's verification, and ends once nothing it holds is in its window (`heldUntil`); continues as new when long.
 */
export async function reuseLedger(input: { state?: ReuseLedgerState } = {}): Promise<void> {
  const state = input.state ?? newReuseLedgerState();
  let changes = 0;
  setHandler(reuseClaimUpdate, async (request) => {
    changes += 1;
    const decision = decide(state, request, Date.now());
    if (decision.kind === 'wait' && !(await runs(decision.owner))) ownerGone(state, decision.owner);
    return claim(state, request, Date.now());
  });
  setHandler(reuseSettledSignal, async (outcome) => {
    changes += 1;
    const waiters = settled(state, outcome);
    await Promise.all(
      waiters.map((orderId) =>
        getExternalWorkflowHandle(orderId)
          .signal(reuseKeySettledSignal)
          .catch(() => undefined /* The order closed: it waits no more. */),
      ),
    );
  });
  setHandler(reuseRecheckSignal, async (recheck) => {
    const original = state.latest?.orderId;
    rechecked(state, recheck);
    if (original === undefined) return;
    try {
      await getExternalWorkflowHandle(original).signal(verificationRecheckedSignal, {
        providerOrderId: recheck.providerOrderId,
      });
    } catch {
      // The original's workflow closed: it re-verifies nothing more.
    }
  });
  setHandler(reuseHintSignal, async (hint) => {
    const recheck = state.latest?.rechecks.find((known) => known.providerOrderId === hint.providerOrderId);
    if (!recheck) return;
    try {
      await getExternalWorkflowHandle(recheck.orderId).signal(providerHintsSignal, [hint]);
    } catch {
      // The order's workflow closed: it reads nothing more.
    }
  });
  for (;;) {
    const until = heldUntil(state);
    if (until <= Date.now()) break;
    if (workflowInfo().historyLength > MAX_HISTORY_EVENTS || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof reuseLedger>({ state });
    }
    const seen = changes;
    await condition(() => changes !== seen, Math.max(1, until - Date.now()));
  }
  // A claim that arrived meanwhile is answered first; one that made an owner keeps the ledger open.
  await condition(allHandlersFinished);
  if (heldUntil(state) > Date.now()) return continueAsNew<typeof reuseLedger>({ state });
}
