/**
 * How the order's attempt ends once its provider orders have, and with it the order: completed with the verified
 * employers' reports, handed to the waterfall's next step, or ended canceled, expired or failed. Pure decisions over
 * the state; the run carries out the actions they return.
 */
import type {
  DeliveryEventType,
  EmployerOutcome,
  EventSource,
  OrderReport,
  OrderStatus,
  ProviderSnapshot,
  StepOutcome,
  TerminalStatus,
} from '../src/domain';
import { afterStep, isTerminal } from '../src/domain';
import { priceKeyOf } from './bill';
import type { OrderState, ProviderOrder, ProviderOrderEnd } from './state';
import { currentAttempt, isWaterfall, moveTo, newAttempt, providerOrdersFor, recordEvent } from './state';

/**
 * What the run must do next, as the decisions say. `read-report` carries the snapshot that completed a provider
 * order, and the source the completion is recorded under.
 */
export type OrderAction =
  | { kind: 'cancel-at-provider'; reason: 'action-required' }
  | { kind: 'read-report'; snapshot: ProviderSnapshot; source: EventSource }
  | { kind: 'deliver'; type: DeliveryEventType }
  | { kind: 'next-step' };

/** Records the LOS's request to cancel. A repeated request (say, a retry after a timeout) changes nothing. */
export function requestCancel(state: OrderState, reason: string, at: string): void {
  if (state.cancelRequest) return;
  state.cancelRequest = { at, reason };
  recordEvent(state, { at, source: 'api', type: 'cancel.requested', detail: reason });
}

/** Ends one provider order; its employers without an outcome take one from how it ended. */
export function endProviderOrder(
  state: OrderState,
  order: ProviderOrder,
  end: ProviderOrderEnd,
  at: string,
  ending?: ProviderOrderEnd,
): OrderAction[] {
  order.ended = end;
  if (end.status === 'completed') {
    const attempt = currentAttempt(state);
    (attempt.spent ??= []).push(priceKeyOf(state, attempt.provider, order.kind));
  }
  const outcome: EmployerOutcome =
    end.status === 'completed' ? 'verified' : end.status === 'canceled' ? 'canceled' : 'failed';
  for (const employer of order.employers) {
    // An employer the provider already settled (say, no data in a Truv order that completed) keeps what it said.
    if (state.employments[employer]?.outcome) continue;
    state.employments[employer] = { status: end.status, outcome };
  }
  return settle(state, at, end.source, ending);
}

/**
 * Ends the attempt once every provider order of it has ended. A verified employer completes the order with the report
 * of every verified employer. Otherwise a waterfall with a step left hands the order on (unless `ending` is the LOS's
 * cancel or the overall deadline); else an order of one employer ends as its provider order did, an order of several
 * ends `failed` naming each employer's outcome, a waterfall `failed` naming each attempt's; `ending` (a cancel or a
 * deadline) overrides them.
 */
export function settle(state: OrderState, at: string, source: EventSource, ending?: ProviderOrderEnd): OrderAction[] {
  if (isTerminal(state.status) || state.providerOrders.some((order) => !order.ended)) return [];
  const reports = state.providerOrders.flatMap((order) => (order.report ? [order.report] : []));
  if (reports.length > 0) {
    closeAttempt(state, 'completed', 'verified', null, at);
    return complete(state, combinedReport(reports), at, source);
  }
  const [only] = state.providerOrders;
  const attempt = ending ?? (state.employments.length === 1 && only ? only.ended! : noEmployerVerified(state, source));
  if (attempt.status === 'completed') return [];
  closeAttempt(state, attempt.status, attempt.outcome ?? outcomeOfStatus(attempt.status), attempt.detail, at);
  // In a waterfall, the LOS's cancel or the overall deadline may have come while this attempt was read: no next step.
  const stopped = isWaterfall(state) ? stoppedBy(state, at, source) : null;
  const stepsLeft = (state.request.providers?.length ?? 1) - state.attempts.length;
  if (
    !ending?.final &&
    !stopped &&
    isWaterfall(state) &&
    afterStep(attempt.outcome ?? 'provider_error', stepsLeft) === 'next-provider'
  ) {
    return [{ kind: 'next-step' }];
  }
  const final = ending?.final ? ending : stopped;
  const last = final ?? (state.attempts.length > 1 ? noProviderVerified(state, source) : (ending ?? attempt));
  if (last.status === 'completed') return [];
  return end(state, last.status, at, last.source, last.detail, last.rawStatus);
}

/**
 * Hands the order to the waterfall's next step: a fresh attempt with its own provider orders. The earlier attempt's
 * provider order ids stay among the order's ids, so its late webhooks still find the order (and change nothing).
 */
export function startNextAttempt(state: OrderState, at: string): void {
  const previous = currentAttempt(state);
  const provider = state.request.providers![state.attempts.length]!;
  for (const order of state.providerOrders) {
    if (order.providerOrderId && !state.correlationIds.includes(order.providerOrderId)) {
      state.correlationIds.push(order.providerOrderId);
    }
  }
  const employers = state.employments.map((_, index) => index);
  state.attempts.push(newAttempt(provider, at));
  state.providerOrders = providerOrdersFor(employers, state.policy.employersPerProviderOrderOf?.[provider] ?? 1);
  state.employments = employers.map(() => ({ status: 'creating', outcome: null }));
  state.providerOrderId = null;
  state.shareUrl = null;
  state.status = 'pending';
  state.pollDelayMs = state.policy.pollIntervalMs;
  recordEvent(state, {
    at,
    source: 'system',
    type: 'provider.changed',
    status: 'pending',
    detail: `${previous.provider} (${previous.outcome ?? 'ended'}) → ${provider}`,
  });
}

/** One report for the order: the provider orders' reports side by side (an order of one keeps its report as is). */
export function combinedReport(reports: OrderReport[]): OrderReport {
  if (reports.length === 1) return reports[0]!;
  const normalized = reports.map((report) => report.normalized);
  return {
    normalized: {
      provider: normalized[0]!.provider,
      report_ids: normalized.flatMap((report) => report.report_ids),
      gse: normalized.flatMap((report) => report.gse ?? []),
      as_of: normalized.map((report) => report.as_of).find((asOf) => asOf !== null) ?? null,
      employee: normalized[0]!.employee,
      employments: normalized.flatMap((report) => report.employments),
    },
    provider_report: reports.map((report) => report.provider_report),
  };
}

/** Ends the order in a terminal status and asks for its result delivery. */
export function end(
  state: OrderState,
  status: 'canceled' | 'expired' | 'failed',
  at: string,
  source: EventSource,
  reason: string,
  providerStatus?: string,
): OrderAction[] {
  if (!moveTo(state, status, at, source, reason)) return [];
  closeAttempt(state, status, outcomeOfStatus(status), reason, at);
  if (status === 'failed') state.error = { reason, ...(providerStatus ? { provider_status: providerStatus } : {}) };
  return [{ kind: 'deliver', type: `order.${status}` }];
}

/** A provider order's outcome when its provider did not say: how it ended. */
export function outcomeOfStatus(status: TerminalStatus): StepOutcome {
  switch (status) {
    case 'completed':
      return 'verified';
    case 'canceled':
      return 'canceled';
    case 'expired':
      return 'expired';
    case 'failed':
      return 'provider_error';
  }
}

function complete(state: OrderState, report: OrderReport, at: string, source: EventSource): OrderAction[] {
  if (!moveTo(state, 'completed', at, source, `${report.normalized.employments.length} employment(s) verified`)) {
    return [];
  }
  state.report = report;
  return [{ kind: 'deliver', type: 'order.completed' }];
}

/** The end the LOS's cancel or the order's overall deadline gives the order, if one of them has come. */
function stoppedBy(state: OrderState, at: string, source: EventSource): ProviderOrderEnd | null {
  if (state.cancelRequest) return { status: 'canceled', detail: state.cancelRequest.reason, source, final: true };
  if (state.deadline !== null && Date.parse(at) >= state.deadline) {
    return { status: 'expired', detail: 'deadline passed', source, final: true };
  }
  return null;
}

/** Records how the current attempt ended (once). */
function closeAttempt(state: OrderState, status: OrderStatus, outcome: StepOutcome, reason: string | null, at: string) {
  const attempt = currentAttempt(state);
  if (attempt.endedAt !== null) return;
  Object.assign(attempt, { status, outcome, reason, endedAt: at });
}

function noProviderVerified(state: OrderState, source: EventSource): ProviderOrderEnd {
  const attempts = state.attempts.map((attempt) => `${attempt.provider}: ${attempt.outcome} (${attempt.reason})`);
  return { status: 'failed', detail: `no provider verified: ${attempts.join('; ')}`, source };
}

function noEmployerVerified(state: OrderState, source: EventSource): ProviderOrderEnd {
  const employers = state.request.employers;
  const outcomes = state.employments.map((employment, index) => {
    const ended = state.providerOrders.find((order) => order.employers.includes(index))?.ended;
    const why = employment.outcome === 'failed' && ended ? ` (${ended.detail})` : '';
    return `${employers[index]?.name ?? `employer ${index}`}: ${employment.outcome ?? 'no outcome'}${why}`;
  });
  // The attempt's outcome: the one its provider orders share, else the first's (say, not found at every employer).
  const outcome = state.providerOrders.map((order) => order.ended?.outcome).find((candidate) => candidate);
  return { status: 'failed', detail: `no employer verified: ${outcomes.join('; ')}`, source, outcome };
}
