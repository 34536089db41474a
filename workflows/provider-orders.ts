/**
 * What the order learns of its provider orders: webhook hints (which only ask for a read) and the snapshots the reads
 * return (the truth). Pure decisions over the state; an ended provider order settles its attempt (`attempts.ts`).
 */
import type { EventSource, OrderReport, ProviderHint, ProviderSnapshot, ProviderStatus } from '../src/domain';
import { isTerminal, snapshotDetail } from '../src/domain';
import type { OrderAction } from './attempts';
import { endProviderOrder, outcomeOfStatus } from './attempts';
import type { OrderState, ProviderOrder, ProviderOrderEnd } from './state';
import {
  addCorrelationId,
  currentAttempt,
  MAX_SEEN_HINTS,
  moveTo,
  openProviderOrders,
  providerOrderOf,
  recordEvent,
} from './state';

/** Records a provider order the provider made. The first names the order; webhooks find the others by id. */
export function providerOrderCreated(
  state: OrderState,
  order: ProviderOrder,
  providerOrderId: string,
  at: string,
): void {
  order.providerOrderId = providerOrderId;
  currentAttempt(state).providerOrderId ??= providerOrderId;
  if (state.providerOrderId === null) state.providerOrderId = providerOrderId;
  else addCorrelationId(state, providerOrderId);
  recordEvent(state, { at, source: 'system', type: 'provider_order.created', detail: providerOrderId });
}

/**
 * Takes a webhook hint unless it is a duplicate; returns whether it was new. A hint asks for a read of the provider
 * order it names, unless it restates what the latest read said with no provider call under way: such a read would
 * find what the order already acted on (the provider's next webhook, or the next poll, tells when it moves on).
 */
export function acceptHint(state: OrderState, hint: ProviderHint): boolean {
  if (state.seenHintIds.includes(hint.id)) return false;
  state.seenHintIds.push(hint.id);
  if (state.seenHintIds.length > MAX_SEEN_HINTS) state.seenHintIds.splice(0, state.seenHintIds.length - MAX_SEEN_HINTS);
  recordEvent(state, {
    at: hint.receivedAt,
    source: 'webhook',
    type: hint.type,
    detail: [hint.statedStatus, hint.detail].filter(Boolean).join(': ') || undefined,
  });
  // A completed order still reads its provider while a re-verification's re-check runs.
  const reading = !isTerminal(state.status) || state.reverification?.status === 'running';
  if (hint.refresh && reading && !restatesLastRead(state, hint)) state.pendingHints.push(hint);
  // Only a pending order moves on a webhook's word, and only for a provider order of its own (a webhook routed by the
  // voie id in its payload is not taken on trust): one that waits on someone, or has ended, is left to the reads.
  const order = providerOrderOf(state, hint.providerOrderId);
  if (hint.progress && order && !order.ended && state.status === 'pending') {
    if (order.status === 'pending') order.status = hint.progress;
    moveTo(state, hint.progress, hint.receivedAt, 'webhook', hint.statedStatus);
  }
  return true;
}

/**
 * Whether a hint states, in the provider's words, what the latest read of the open provider order it names said (a
 * Truework order still `action-required`), with no read asked for and no provider call under way (its answer would
 * be newer than that read).
 */
export function restatesLastRead(state: OrderState, hint: ProviderHint): boolean {
  if (!hint.statedStatus || !hint.providerOrderId) return false;
  if (state.pendingHints.length > 0 || state.providerCallsInFlight > 0) return false;
  const order = providerOrderOf(state, hint.providerOrderId);
  return !!order && !order.ended && order.rawStatus === hint.statedStatus;
}

/**
 * The open provider orders the pending hints name, when each hint names one of them: a webhook tells of its own
 * provider order, so the others need no read (their own webhooks, or the next poll, tell of them). Every open
 * provider order when a hint names none, or one the order does not know open.
 */
export function hintedProviderOrders(state: OrderState): ProviderOrder[] {
  const open = openProviderOrders(state);
  const named = open.filter((order) =>
    state.pendingHints.some((hint) => hint.providerOrderId === order.providerOrderId),
  );
  const everyHintNamesOne = state.pendingHints.every((hint) =>
    named.some((order) => order.providerOrderId === hint.providerOrderId),
  );
  return everyHintNamesOne ? named : open;
}

/**
 * Folds a provider snapshot into the order. The snapshot is the truth; webhooks only made us read it.
 * Duplicates and stale reads (a lower status than we already have) change nothing.
 */
export function applySnapshot(
  state: OrderState,
  snapshot: ProviderSnapshot,
  at: string,
  source: EventSource,
): OrderAction[] {
  if (isTerminal(state.status)) return [];
  const order = providerOrderOf(state, snapshot.providerOrderId);
  if (!order || order.ended) return [];
  if (snapshot.shareUrl) state.shareUrl = snapshot.shareUrl;
  for (const id of snapshot.correlationIds) addCorrelationId(state, id);
  order.status = snapshot.status;
  order.rawStatus = snapshot.rawStatus;
  order.awaitingApplicant = snapshot.awaitingApplicant === true;
  trackEmployers(state, order, snapshot);
  const detail = snapshotDetail(snapshot);
  switch (snapshot.status) {
    case 'completed':
      order.completedAt ??= at;
      order.reportIds = snapshot.reportIds;
      if (snapshot.outcome && snapshot.outcome !== 'verified') {
        // Done, but with nothing verified (say, a Truework verification completed without a report).
        const end: ProviderOrderEnd = {
          status: 'failed',
          detail,
          source,
          rawStatus: snapshot.rawStatus,
          outcome: snapshot.outcome,
        };
        return endProviderOrder(state, order, end, at);
      }
      return [{ kind: 'read-report', snapshot, source }];
    case 'action_required':
      if (state.status === 'action_required') return [];
      if (state.policy.cancelOnActionRequired) {
        recordEvent(state, { at, source, type: 'provider.action_required', detail: 'canceling by policy' });
        return [{ kind: 'cancel-at-provider', reason: 'action-required' }];
      }
      return moveTo(state, 'action_required', at, source, detail)
        ? [{ kind: 'deliver', type: 'order.action_required' }]
        : [];
    case 'canceled':
    case 'expired':
    case 'failed':
      return endProviderOrder(
        state,
        order,
        {
          status: snapshot.status,
          detail,
          source,
          rawStatus: snapshot.rawStatus,
          outcome: snapshot.outcome ?? outcomeOfStatus(snapshot.status),
        },
        at,
      );
    case 'pending':
    case 'processing':
      moveTo(state, openStatus(state), at, source, detail);
      return [];
  }
}

/** A completed provider order's report arrived: its employers are verified unless the provider said otherwise. */
export function reportRead(
  state: OrderState,
  providerOrderId: string,
  report: OrderReport,
  at: string,
  source: EventSource,
): OrderAction[] {
  const order = providerOrderOf(state, providerOrderId);
  if (!order || order.ended) return [];
  if (report.normalized.employments.length === 0) {
    const detail = 'the provider completed with a report of no employment';
    return endProviderOrder(state, order, { status: 'failed', detail, source, outcome: 'provider_error' }, at);
  }
  order.report = report;
  return endProviderOrder(state, order, { status: 'completed', detail: 'report read', source }, at);
}

/** Each employer's status and outcome as the provider order reports them. */
function trackEmployers(state: OrderState, order: ProviderOrder, snapshot: ProviderSnapshot): void {
  order.employers.forEach((employer, position) => {
    const reported = snapshot.employers?.[position];
    state.employments[employer] = reported
      ? { status: reported.status, outcome: reported.outcome }
      : { status: snapshot.status, outcome: null };
  });
}

/** While open, the order stands where its least settled provider order does: waiting on someone wins. */
function openStatus(state: OrderState): ProviderStatus {
  const open = state.providerOrders.filter((order) => !order.ended).map((order) => order.status);
  if (open.includes('action_required')) return 'action_required';
  if (open.includes('processing')) return 'processing';
  return 'pending';
}
