/**
 * A step's reuse of a verification its tenant already has (`options.reuse`, `VOIE_REUSE`): before it creates a
 * provider order, the step claims the borrower and employers' key on their reuse ledger (`reuse-ledger.ts`), and
 * either re-verifies the ledger's verification, creates (owning the key until it tells the ledger how it ended), or
 * waits for the order that owns it. The key is computed in the claim's activity: the SSN never reaches this code.
 */
import { condition, getExternalWorkflowHandle, proxyActivities } from '@temporalio/workflow';
import type { ReuseActivities } from '../activities';
import type { ProviderHint } from '../src/domain';
import { DEFAULT_TENANT, isTerminal, normalizeEmployerName } from '../src/domain';
import { failureMessage } from './activity-failures';
import type { ReuseDecision } from './reuse-messages';
import { reuseHintSignal, reuseRecheckSignal, reuseSettledSignal } from './reuse-messages';
import type { OrderState, ProviderOrder } from './state';
import { allReverifications, currentProvider, MAX_OTHERS_RECHECKS, recordEvent } from './state';
import { ORDERS_TASK_QUEUE } from './task-queues';
import { nowIso } from './workflow-clock';

const { claimReuse } = proxyActivities<ReuseActivities>({
  taskQueue: ORDERS_TASK_QUEUE,
  startToCloseTimeout: '30s',
  // Reuse saves money but must not hold an order up: past this, the step creates as it would without it.
  scheduleToCloseTimeout: '5m',
  retry: { initialInterval: '1s', maximumInterval: '30s' },
});

/** The first wait before claiming again while another order owns the key; it doubles up to {@link MAX_WAIT_MS}. */
export const FIRST_WAIT_MS = 30_000;
/**
 * Waits grow to this. Each round is a claim and a timer (about 11 history events) and the wait cannot continue as new,
 * so a week's wait on an owner (a manual verification) costs about 2,000 events, and the longest order deadline
 * (90 days) stays under half of Temporal's 51,200-event limit.
 */
export const MAX_WAIT_MS = 60 * 60_000;

/** What the step does for a provider order: re-verify, create, or nothing (it waited until its deadline or a cancel). */
export type ReuseStep = Extract<ReuseDecision, { kind: 'reuse' }> | { kind: 'create' } | { kind: 'stopped' };

/**
 * Claims `order`'s key, waiting while another order owns it. Without reuse for the step's provider, or when the
 * ledger cannot be reached, the step creates. `refused`: the order whose verification the ledger offered and the
 * provider would not re-verify.
 */
export async function claimStep(
  state: OrderState,
  order: ProviderOrder,
  leaseUntil: number,
  refused?: string,
): Promise<ReuseStep> {
  const provider = currentProvider(state);
  const windowMs = state.policy.reuseWindowMsOf?.[provider];
  if (windowMs === undefined) return { kind: 'create' };
  let waitMs = FIRST_WAIT_MS;
  for (;;) {
    // Read before the claim: the ledger's word may come before its answer is taken.
    const settledSeen = state.reuseKeySettled ?? 0;
    let decision: ReuseDecision;
    try {
      decision = await claimReuse({
        tenant: state.tenant ?? DEFAULT_TENANT,
        provider,
        type: state.request.type,
        ssn: state.request.applicant.ssn,
        employers: order.employers.map((index) => state.request.employers[index]?.name ?? ''),
        claim: { orderId: state.orderId, leaseUntil, windowMs, ...(refused ? { refused } : {}) },
      });
    } catch (err) {
      note(state, 'reuse.unavailable', `creating instead: ${failureMessage(err)}`);
      return { kind: 'create' };
    }
    if (decision.kind === 'create') {
      order.reuseLedger = { id: decision.ledgerId, told: false };
      return decision;
    }
    if (decision.kind === 'reuse') {
      note(state, 'reuse.found', `${decision.orderId} verified this borrower and employer`);
      return decision;
    }
    if (waitMs === FIRST_WAIT_MS) note(state, 'reuse.waiting', 'another order is verifying this borrower and employer');
    // The ledger's word that the owner settled ends the wait at once; the timer is for an owner that never does.
    // Not `waitFor`: the step is between creates, where the order cannot continue as new.
    await condition(
      () => state.cancelRequest !== null || (state.reuseKeySettled ?? 0) !== settledSeen,
      Math.max(1, Math.min(waitMs, leaseUntil - Date.now())),
    );
    if (state.cancelRequest !== null || Date.now() >= leaseUntil) return { kind: 'stopped' };
    waitMs = Math.min(waitMs * 2, MAX_WAIT_MS);
  }
}

/**
 * The step's provider orders in the order their keys are claimed: by their employers' normalized names when the step
 * may reuse, so that two orders of one borrower claim the keys they share in the same order and can never each hold
 * one while waiting for the other's.
 */
export function claimOrder(state: OrderState): ProviderOrder[] {
  if (state.policy.reuseWindowMsOf?.[currentProvider(state)] === undefined) return state.providerOrders;
  const names = (order: ProviderOrder) =>
    order.employers
      .map((index) => normalizeEmployerName(state.request.employers[index]?.name ?? ''))
      .sort()
      .join('\n');
  // Code-unit order, not a locale's: the same on every worker.
  return [...state.providerOrders].sort((a, b) => (names(a) < names(b) ? -1 : names(a) > names(b) ? 1 : 0));
}

/** Tells the ledger of a verification this order re-verified which re-check it placed (see `ReuseAnswer`). */
export async function tellRecheck(ledgerId: string, orderId: string, providerOrderId: string): Promise<void> {
  try {
    await getExternalWorkflowHandle(ledgerId).signal(reuseRecheckSignal, { orderId, providerOrderId });
  } catch {
    // The ledger closed (its window passed): nobody will reuse it again.
  }
}

/**
 * Tells each ledger this order owns a key of how its provider order ended, once: verified (reusable by later orders
 * of the tenant) or not (the key is free).
 */
export async function tellLedgers(state: OrderState): Promise<void> {
  for (const order of state.providerOrders) {
    const ledger = order.reuseLedger;
    if (!ledger || ledger.told || !order.ended) continue;
    ledger.told = true;
    const verified =
      order.ended.status === 'completed' && order.report && order.providerOrderId && order.completedAt
        ? { providerOrderId: order.providerOrderId, reportIds: order.reportIds, completedAt: order.completedAt }
        : null;
    try {
      await getExternalWorkflowHandle(ledger.id).signal(reuseSettledSignal, { orderId: state.orderId, verified });
    } catch (err) {
      // A ledger that closed has no owner left to free (its lease passed).
      note(state, 'reuse.ledger_unreachable', failureMessage(err));
    }
  }
}

/**
 * The ledgers to pass a hint on to, when the hint names a provider order this order does not know and this order's
 * verification is one others may have re-verified (it ended, and owned keys): their re-checks' webhooks may be routed
 * here by the original's labels. Every ledger the order owned a key of (one per provider order): each passes on only
 * the re-checks it knows. None otherwise: the hint is this order's (while it runs, one naming a provider order it
 * does not know yet may be its own, ahead of the create's answer).
 */
export function relaysOf(state: OrderState, hint: ProviderHint): string[] {
  const id = hint.providerOrderId;
  if (id === undefined || !isTerminal(state.status)) return [];
  const ledgers = state.providerOrders.flatMap((order) => (order.reuseLedger ? [order.reuseLedger.id] : []));
  if (ledgers.length === 0) return [];
  const known =
    id === state.providerOrderId ||
    state.correlationIds.includes(id) ||
    state.providerOrders.some((order) => order.providerOrderId === id) ||
    allReverifications(state).some((reverification) =>
      reverification.rechecks.some((recheck) => recheck.providerOrderId === id),
    );
  return known ? [] : ledgers;
}

/** Passes a hint on to a ledger (see {@link relaysOf}). */
export async function relayHint(ledgerId: string, hint: ProviderHint): Promise<void> {
  try {
    await getExternalWorkflowHandle(ledgerId).signal(reuseHintSignal, hint);
  } catch {
    // The ledger closed: its window passed, and with it every re-check of it.
  }
}

/** Another order re-verified this order's verification (see `OrderState.othersRechecks`). */
export function recheckedByOther(state: OrderState, providerOrderId: string): void {
  const ids = (state.othersRechecks ??= []);
  if (ids.includes(providerOrderId)) return;
  ids.push(providerOrderId);
  if (ids.length > MAX_OTHERS_RECHECKS) ids.splice(0, ids.length - MAX_OTHERS_RECHECKS);
}

function note(state: OrderState, type: string, detail: string): void {
  recordEvent(state, { at: nowIso(), source: 'system', type, detail });
}
