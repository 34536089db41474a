/**
 * The order's state machine, free of Temporal: (state, provider snapshot | hint) → next state + what to do next.
 * The workflow owns the side effects; this module only decides. Unit-tested without a server.
 */
import type {
  DeliveryAttempt,
  DeliveryEventType,
  DeliveryPayload,
  DeliveryStatus,
  EmployerOutcome,
  EventSource,
  OrderPolicy,
  OrderReport,
  OrderRequest,
  OrderStatus,
  ProviderHint,
  ProviderSnapshot,
  ProviderStatus,
  StepOutcome,
  TerminalStatus,
  TimelineEvent,
} from '../src/domain';
import { afterStep, isTerminal, orderEmployers, snapshotDetail } from '../src/domain';
import { toView } from './order-view';
import type { ReverificationState } from './reverification-state';
import { reverificationResult, setClosingDate } from './reverification-state';

/** How many timeline events and hint ids an order keeps; older ones are dropped so history stays bounded. */
export const MAX_EVENTS = 200;
export const MAX_SEEN_HINTS = 500;

/** A result delivery waiting to be sent (or being retried). */
export interface QueuedDelivery {
  /** `webhook-id`: the same on every retry of this event. */
  webhookId: string;
  type: DeliveryEventType;
  /** The exact payload; built once so every retry sends the same body. */
  payload: DeliveryPayload;
  attempts: number;
  /** Epoch ms of the next attempt. */
  nextAttemptAt: number;
}

/** How a provider order ended, and what the order says about it if it decides the order's end. */
export interface ProviderOrderEnd {
  status: TerminalStatus;
  detail: string;
  source: EventSource;
  /** The provider's own status words, kept as the order's error `provider_status`. */
  rawStatus?: string;
  /** How the provider order ended in the waterfall's terms. */
  outcome?: StepOutcome;
  /** A cancel that ends the whole order (the LOS's, the overall deadline), not just the step. */
  final?: boolean;
}

/** One provider step of the order; an order of one provider has one, a waterfall one per provider it tried. */
export interface Attempt {
  provider: string;
  /** Its first provider order's id. */
  providerOrderId: string | null;
  status: OrderStatus;
  outcome: StepOutcome | null;
  startedAt: string;
  endedAt: string | null;
  reason: string | null;
  /** Whether the LOS heard of this step (`order.created` for the first, `order.provider_changed` for later ones). */
  announced?: boolean;
}

/**
 * One provider order of the voie order: Truework takes one employer per order, Truv all of them. A provider order
 * that could not be created ends at once (`ended`) with the reason.
 */
export interface ProviderOrder {
  /** Indexes into the request's employers. */
  employers: number[];
  providerOrderId: string | null;
  /** Its latest status as read from the provider. */
  status: OrderStatus;
  /**
   * The provider's own status words at its latest read: a webhook stating the same words cannot change a decision.
   * Absent until the first read that recorded it.
   */
  rawStatus?: string;
  ended: ProviderOrderEnd | null;
  report: OrderReport | null;
  /** When it was read completed, and its report ids then: what a re-verification before closing re-checks. */
  completedAt?: string;
  reportIds?: string[];
}

/** Where one employer of the order stands. */
export interface EmploymentState {
  status: OrderStatus;
  outcome: EmployerOutcome | null;
}

export interface OrderState {
  orderId: string;
  request: OrderRequest;
  policy: OrderPolicy;
  createdAt: string;
  updatedAt: string;
  /** Epoch ms (workflow time) after which the order expires; set when the workflow first runs. */
  deadline: number | null;
  status: OrderStatus;
  /** The first provider order's id: the one the search attribute and the view name. */
  providerOrderId: string | null;
  providerOrders: ProviderOrder[];
  /** One per employer of the request, in its order. */
  employments: EmploymentState[];
  /** The provider steps so far; the last is the current one, whose provider orders are `providerOrders`. */
  attempts: Attempt[];
  /** Epoch ms (workflow time) at which a waterfall's current step is canceled and the next provider tried. */
  stepDeadline: number | null;
  shareUrl: string | null;
  correlationIds: string[];
  events: TimelineEvent[];
  seenHintIds: string[];
  pendingHints: ProviderHint[];
  cancelRequest: { at: string; reason: string } | null;
  error: { reason: string; provider_status?: string } | null;
  report: OrderReport | null;
  deliveries: QueuedDelivery[];
  deliverySeq: number;
  /** Whether `order.created` was queued (it goes out before any other delivery). */
  createdDelivery: boolean;
  delivery: DeliveryStatus;
  /** Every delivery attempt, oldest first (`GET /v1/orders/{id}/deliveries`). */
  deliveryLog: DeliveryAttempt[];
  /** The result event last attempted, kept whole so that `POST /v1/orders/{id}/redeliver` can send it again. */
  lastDelivery: SentDelivery | null;
  /** The re-verification before closing; absent or null without a closing date. */
  reverification?: ReverificationState | null;
}

/** A result event as it was sent: where, under which `webhook-id`, with which exact body. */
export interface SentDelivery {
  url: string;
  webhookId: string;
  type: DeliveryEventType;
  payload: DeliveryPayload;
}

/**
 * What the workflow must do next, as the state machine decided. `fetch-report` carries the source of the snapshot
 * that completed the order, which the completion is recorded under.
 */
export type OrderAction =
  | { kind: 'cancel-at-provider'; reason: 'action-required' }
  | { kind: 'fetch-report'; snapshot: ProviderSnapshot; source: EventSource }
  | { kind: 'deliver'; type: DeliveryEventType }
  | { kind: 'next-provider' };

export function initialState(args: {
  orderId: string;
  request: OrderRequest;
  policy: OrderPolicy;
  createdAt: string;
}): OrderState {
  const employers = orderEmployers(args.request).map((_, index) => index);
  const state: OrderState = {
    ...args,
    updatedAt: args.createdAt,
    deadline: null,
    status: 'creating',
    providerOrderId: null,
    providerOrders: providerOrdersFor(employers, args.policy.employersPerProviderOrder ?? 1),
    employments: employers.map(() => ({ status: 'creating', outcome: null })),
    attempts: [newAttempt(args.request.provider, args.createdAt)],
    stepDeadline: null,
    shareUrl: null,
    correlationIds: [],
    events: [{ at: args.createdAt, source: 'api', type: 'order.received', status: 'creating' }],
    seenHintIds: [],
    pendingHints: [],
    cancelRequest: null,
    error: null,
    report: null,
    deliveries: [],
    deliverySeq: 0,
    createdDelivery: false,
    delivery: { state: 'none', attempts: 0 },
    deliveryLog: [],
    lastDelivery: null,
  };
  if (args.request.closing_date) setClosingDate(state, args.request.closing_date, args.createdAt);
  return state;
}

/**
 * State carried over by continue-as-new from a run of before several employers: its one employer has one provider
 * order, still open (a run continues as new only while the order is).
 */
export function upgradeState(state: OrderState): OrderState {
  state.createdDelivery ??= state.providerOrderId !== null;
  state.providerOrders ??= [
    { employers: [0], providerOrderId: state.providerOrderId, status: state.status, ended: null, report: null },
  ];
  state.employments ??= [{ status: state.status, outcome: null }];
  state.attempts ??= [
    {
      ...newAttempt(state.request.provider, state.createdAt),
      providerOrderId: state.providerOrderId,
      status: state.status,
    },
  ];
  state.stepDeadline ??= null;
  state.deliveryLog ??= [];
  state.lastDelivery ??= null;
  return state;
}

function newAttempt(provider: string, at: string): Attempt {
  return {
    provider,
    providerOrderId: null,
    status: 'creating',
    outcome: null,
    startedAt: at,
    endedAt: null,
    reason: null,
  };
}

function providerOrdersFor(employers: number[], perProviderOrder: number): ProviderOrder[] {
  return groupsOf(employers, perProviderOrder).map((group) => ({
    employers: group,
    providerOrderId: null,
    status: 'creating',
    ended: null,
    report: null,
  }));
}

/** The order's current step. */
export function currentAttempt(state: OrderState): Attempt {
  return state.attempts[state.attempts.length - 1]!;
}

/** The provider of the order's current step. */
export function currentProvider(state: OrderState): string {
  return currentAttempt(state).provider;
}

/** Whether the order is a provider waterfall (more than one provider to try). */
export function isWaterfall(state: OrderState): boolean {
  return (state.request.providers?.length ?? 1) > 1;
}

/**
 * Hands the order to the waterfall's next provider: a fresh step with its own provider orders. The earlier step's
 * provider order ids stay among the order's ids, so its late webhooks still find the order (and change nothing).
 */
export function startNextStep(state: OrderState, at: string): string {
  const previous = currentProvider(state);
  const provider = state.request.providers![state.attempts.length]!;
  const outcome = state.attempts[state.attempts.length - 1]!.outcome;
  for (const order of state.providerOrders) {
    if (order.providerOrderId && !state.correlationIds.includes(order.providerOrderId)) {
      state.correlationIds.push(order.providerOrderId);
    }
  }
  const employers = state.employments.map((_, index) => index);
  const perProviderOrder = state.policy.employersPerProviderOrderOf?.[provider] ?? 1;
  state.attempts.push(newAttempt(provider, at));
  state.providerOrders = providerOrdersFor(employers, perProviderOrder);
  state.employments = employers.map(() => ({ status: 'creating', outcome: null }));
  state.providerOrderId = null;
  state.shareUrl = null;
  state.status = 'pending';
  recordEvent(state, {
    at,
    source: 'system',
    type: 'provider.changed',
    status: 'pending',
    detail: `${previous} (${outcome ?? 'ended'}) → ${provider}`,
  });
  return provider;
}

function groupsOf(items: number[], size: number): number[][] {
  const groups: number[][] = [];
  for (let start = 0; start < items.length; start += size) groups.push(items.slice(start, start + size));
  return groups;
}

/** Order of progress; a status never moves to a lower rank. */
const RANK: Record<OrderStatus, number> = {
  creating: 0,
  pending: 1,
  processing: 2,
  action_required: 2,
  completed: 3,
  canceled: 3,
  expired: 3,
  failed: 3,
};

export function recordEvent(state: OrderState, event: TimelineEvent): void {
  state.events.push(event);
  if (state.events.length > MAX_EVENTS) state.events.splice(0, state.events.length - MAX_EVENTS);
  state.updatedAt = event.at;
}

/** Records the LOS's request to cancel. A repeated request (say, a retry after a timeout) changes nothing. */
export function requestCancel(state: OrderState, reason: string, at: string): void {
  if (state.cancelRequest) return;
  state.cancelRequest = { at, reason };
  recordEvent(state, { at, source: 'api', type: 'cancel.requested', detail: reason });
}

/**
 * Whether a hint states, in the provider's words, what the latest read of the open provider order it names said (a
 * Truework order still `action-required`), with no read waiting to be made: a read now would find what the order
 * already acted on, unless the provider moved on since, which its next webhook (or the next poll) says. Such a hint
 * cannot change a decision. The caller makes sure no read is in flight either (its result would be newer).
 */
export function restatesLastRead(state: OrderState, hint: ProviderHint): boolean {
  if (!hint.statedStatus || !hint.providerOrderId || state.pendingHints.length > 0) return false;
  const order = state.providerOrders.find((candidate) => candidate.providerOrderId === hint.providerOrderId);
  return !!order && !order.ended && order.rawStatus === hint.statedStatus;
}

/**
 * Takes a webhook hint unless it is a duplicate. Returns whether it was new. A hint worth a read is queued for one
 * unless `worthReading` says otherwise (the workflow's rule for hints that restate the last read, behind a patch).
 */
export function acceptHint(
  state: OrderState,
  hint: ProviderHint,
  worthReading: (hint: ProviderHint) => boolean = () => true,
): boolean {
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
  if (hint.refresh && reading && worthReading(hint)) state.pendingHints.push(hint);
  // Only a pending order moves on a webhook's word, and only for a provider order of its own (a webhook routed by the
  // voie id in its payload is not taken on trust): one that waits on someone, or has ended, is left to the reads.
  const order = state.providerOrders.find((candidate) => candidate.providerOrderId === hint.providerOrderId);
  if (hint.progress && order && !order.ended && state.status === 'pending') {
    if (order.status === 'pending') order.status = hint.progress;
    moveTo(state, hint.progress, hint.receivedAt, 'webhook', hint.statedStatus);
  }
  return true;
}

/** Moves the order to `status`, recording why. Returns false when that would move it backward. */
export function moveTo(
  state: OrderState,
  status: OrderStatus,
  at: string,
  source: EventSource,
  detail?: string,
): boolean {
  if (status === state.status || isTerminal(state.status) || RANK[status] < RANK[state.status]) return false;
  state.status = status;
  recordEvent(state, { at, source, type: 'status.changed', status, detail });
  return true;
}

/** Records a provider order the provider made. The first names the order; webhooks find the others by id. */
export function providerOrderCreated(
  state: OrderState,
  order: ProviderOrder,
  providerOrderId: string,
  at: string,
): void {
  order.providerOrderId = providerOrderId;
  const attempt = state.attempts[state.attempts.length - 1]!;
  attempt.providerOrderId ??= providerOrderId;
  if (state.providerOrderId === null) state.providerOrderId = providerOrderId;
  else if (!state.correlationIds.includes(providerOrderId)) state.correlationIds.push(providerOrderId);
  recordEvent(state, { at, source: 'system', type: 'provider_order.created', detail: providerOrderId });
}

/** The provider orders still at work: made, and not ended. */
export function openProviderOrders(state: OrderState): ProviderOrder[] {
  return state.providerOrders.filter((order) => !order.ended && order.providerOrderId !== null);
}

/**
 * The open provider orders the pending hints name, when each hint names one of them and they are not all: a webhook
 * tells of its own provider order, so the others need no read (their own webhooks, or the next poll, tell of them).
 * Undefined when every open provider order is to be read: a hint names none, or one the order does not know open.
 */
export function hintedProviderOrders(state: OrderState): ProviderOrder[] | undefined {
  const open = openProviderOrders(state);
  const named = open.filter((order) =>
    state.pendingHints.some((hint) => hint.providerOrderId === order.providerOrderId),
  );
  const everyHintNamesOne = state.pendingHints.every((hint) =>
    named.some((order) => order.providerOrderId === hint.providerOrderId),
  );
  return everyHintNamesOne && named.length < open.length ? named : undefined;
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
  const order = state.providerOrders.find((candidate) => candidate.providerOrderId === snapshot.providerOrderId);
  if (!order || order.ended) return [];
  if (snapshot.shareUrl) state.shareUrl = snapshot.shareUrl;
  for (const id of snapshot.correlationIds) {
    if (!state.correlationIds.includes(id)) state.correlationIds.push(id);
  }
  order.status = snapshot.status;
  order.rawStatus = snapshot.rawStatus;
  trackEmployers(state, order, snapshot);
  const detail = snapshotDetail(snapshot);
  switch (snapshot.status) {
    case 'completed':
      order.completedAt ??= at;
      order.reportIds = snapshot.reportIds;
      if (snapshot.outcome && snapshot.outcome !== 'verified') {
        // Done, but with nothing verified (say, a Truework verification completed without a report).
        const end = {
          status: 'failed',
          detail,
          source,
          rawStatus: snapshot.rawStatus,
          outcome: snapshot.outcome,
        } as const;
        return endProviderOrder(state, order, end, at);
      }
      return [{ kind: 'fetch-report', snapshot, source }];
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

/** Ends one provider order; its employers without an outcome take one from how it ended. */
export function endProviderOrder(
  state: OrderState,
  order: ProviderOrder,
  end: ProviderOrderEnd,
  at: string,
  ending?: ProviderOrderEnd,
): OrderAction[] {
  order.ended = end;
  const outcome: EmployerOutcome =
    end.status === 'completed' ? 'verified' : end.status === 'canceled' ? 'canceled' : 'failed';
  for (const employer of order.employers) {
    // An employer the provider already settled (say, no data in a Truv order that completed) keeps what it said.
    if (state.employments[employer]?.outcome) continue;
    state.employments[employer] = { status: end.status, outcome };
  }
  return settle(state, at, end.source, ending);
}

/** A completed provider order's report arrived: its employers are verified unless the provider said otherwise. */
export function reportFetched(
  state: OrderState,
  providerOrderId: string,
  report: OrderReport,
  at: string,
  source: EventSource,
): OrderAction[] {
  const order = state.providerOrders.find((candidate) => candidate.providerOrderId === providerOrderId);
  if (!order || order.ended) return [];
  if (report.normalized.employments.length === 0) {
    const detail = 'the provider completed with a report of no employment';
    return endProviderOrder(state, order, { status: 'failed', detail, source, outcome: 'provider_error' }, at);
  }
  order.report = report;
  return endProviderOrder(state, order, { status: 'completed', detail: 'report fetched', source }, at);
}

/**
 * Ends the step once every provider order of it has ended. A verified employer completes the order with the report
 * of every verified employer. Otherwise a waterfall with a provider left hands the order on (unless `ending` is the
 * LOS's cancel or the overall deadline); else an order of one employer ends as its provider order did, an order of
 * several ends `failed` naming each employer's outcome, a waterfall `failed` naming each step's; `ending` (a cancel
 * or a deadline) overrides them.
 */
export function settle(state: OrderState, at: string, source: EventSource, ending?: ProviderOrderEnd): OrderAction[] {
  if (isTerminal(state.status) || state.providerOrders.some((order) => !order.ended)) return [];
  const reports = state.providerOrders.flatMap((order) => (order.report ? [order.report] : []));
  if (reports.length > 0) {
    closeAttempt(state, 'completed', 'verified', null, at);
    return complete(state, combinedReport(reports), at, source);
  }
  const [only] = state.providerOrders;
  const step = ending ?? (state.employments.length === 1 && only ? only.ended! : noEmployerVerified(state, source));
  if (step.status === 'completed') return [];
  closeAttempt(state, step.status, step.outcome ?? outcomeOfStatus(step.status), step.detail, at);
  // In a waterfall, the LOS's cancel or the overall deadline may have come while this step was read: no next step.
  const stopped = isWaterfall(state) ? stoppedBy(state, at, source) : null;
  const stepsLeft = (state.request.providers?.length ?? 1) - state.attempts.length;
  if (
    !ending?.final &&
    !stopped &&
    isWaterfall(state) &&
    afterStep(step.outcome ?? 'provider_error', stepsLeft) === 'next-provider'
  ) {
    return [{ kind: 'next-provider' }];
  }
  const final = ending?.final ? ending : stopped;
  const last = final ?? (state.attempts.length > 1 ? noProviderVerified(state, source) : (ending ?? step));
  if (last.status === 'completed') return [];
  return end(state, last.status, at, last.source, last.detail, last.rawStatus);
}

/** The end the LOS's cancel or the order's overall deadline gives the order, if one of them has come. */
function stoppedBy(state: OrderState, at: string, source: EventSource): ProviderOrderEnd | null {
  if (state.cancelRequest) return { status: 'canceled', detail: state.cancelRequest.reason, source, final: true };
  if (state.deadline !== null && Date.parse(at) >= state.deadline) {
    return { status: 'expired', detail: 'deadline passed', source, final: true };
  }
  return null;
}

/** Records how the current step ended (once). */
function closeAttempt(state: OrderState, status: OrderStatus, outcome: StepOutcome, reason: string | null, at: string) {
  const attempt = state.attempts[state.attempts.length - 1]!;
  if (attempt.endedAt !== null) return;
  Object.assign(attempt, { status, outcome, reason, endedAt: at });
}

/** A provider order's outcome when its provider did not say: how it ended. */
function outcomeOfStatus(status: TerminalStatus): StepOutcome {
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

function noProviderVerified(state: OrderState, source: EventSource): ProviderOrderEnd {
  const steps = state.attempts.map((attempt) => `${attempt.provider}: ${attempt.outcome} (${attempt.reason})`);
  return { status: 'failed', detail: `no provider verified: ${steps.join('; ')}`, source };
}

function noEmployerVerified(state: OrderState, source: EventSource): ProviderOrderEnd {
  const employers = orderEmployers(state.request);
  const outcomes = state.employments.map((employment, index) => {
    const ended = state.providerOrders.find((order) => order.employers.includes(index))?.ended;
    const why = employment.outcome === 'failed' && ended ? ` (${ended.detail})` : '';
    return `${employers[index]?.name ?? `employer ${index}`}: ${employment.outcome ?? 'no outcome'}${why}`;
  });
  // The step's outcome: the one its provider orders share, else the first's (say, not found at every employer).
  const outcome = state.providerOrders.map((order) => order.ended?.outcome).find((candidate) => candidate);
  return { status: 'failed', detail: `no employer verified: ${outcomes.join('; ')}`, source, outcome };
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

/** Ends the order in a terminal status and queues its result delivery. */
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

function complete(state: OrderState, report: OrderReport, at: string, source: EventSource): OrderAction[] {
  if (!moveTo(state, 'completed', at, source, `${report.normalized.employments.length} employment(s) verified`)) {
    return [];
  }
  state.report = report;
  return [{ kind: 'deliver', type: 'order.completed' }];
}

/** Queues a result delivery; its body is fixed now so every retry sends the same bytes. */
export function queueDelivery(state: OrderState, type: DeliveryEventType, now: number): void {
  if (type === 'order.created') state.createdDelivery = true;
  if (!state.request.callback_url || state.delivery.state === 'stopped') return;
  state.deliverySeq += 1;
  const payload: DeliveryPayload = {
    type,
    timestamp: new Date(now).toISOString(),
    data: {
      order: toView(state),
      ...(type === 'order.completed' && state.report ? { report: state.report } : {}),
      ...(type === 'order.reverified' && state.reverification
        ? { reverification: reverificationResult(state.reverification) }
        : {}),
    },
  };
  state.deliveries.push({
    webhookId: `msg_${state.orderId}_${state.deliverySeq}`,
    type,
    payload,
    attempts: 0,
    nextAttemptAt: now,
  });
  state.delivery = { ...state.delivery, state: 'pending', last_event: type, next_attempt_at: payload.timestamp };
}
