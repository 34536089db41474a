/**
 * The order's state: plain data that continue-as-new carries from run to run, and the few changes every other module
 * builds on (the timeline, the status). The bottom of the workflow core: it imports only the domain. The modules above
 * decide over it (`provider-orders.ts`, `attempts.ts`, `reverification-plan.ts`), read it (`view.ts`), and carry the
 * decisions out (`order-run.ts`, `reverification.ts`, `result-deliveries.ts`).
 */
import type {
  CalendarDate,
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
  ReverificationStatus,
  StepOutcome,
  TerminalStatus,
  TimelineEvent,
} from '../src/domain';
import { isTerminal } from '../src/domain';
import type { ReverificationKind } from '../src/providers/provider';
import type { LoanLink } from './closing-date-change';

/** How many timeline events and hint ids an order keeps; older ones are dropped so history stays bounded. */
export const MAX_EVENTS = 200;
export const MAX_SEEN_HINTS = 500;
/** How many re-checks other orders placed of this order's verification it remembers (`othersRechecks`). */
export const MAX_OTHERS_RECHECKS = 50;

/** What the API starts an order with. */
export interface OrderStart {
  orderId: string;
  /** The tenant whose API key placed the order; absent on orders placed before orders named it: `default`. */
  tenant?: string;
  request: OrderRequest;
  policy: OrderPolicy;
  createdAt: string;
  /** The order's loan, when it was placed with a `loan_id`. */
  loan?: LoanLink;
}

export interface OrderState extends OrderStart {
  updatedAt: string;
  /** Epoch ms (workflow time) after which the order expires; set when the workflow first runs. */
  deadline: number | null;
  status: OrderStatus;
  /** The first provider order's id: the one the search attribute and the view name. */
  providerOrderId: string | null;
  /** The provider orders of the current attempt. */
  providerOrders: ProviderOrder[];
  /** One per employer of the request, in its order. */
  employments: EmploymentState[];
  /** The order's attempts so far, one per waterfall step it reached; the last is the current one. */
  attempts: Attempt[];
  /** Epoch ms (workflow time) at which a waterfall's current attempt is canceled and the next step tried. */
  stepDeadline: number | null;
  /** How long the follower waits for a webhook before it polls; doubles while nothing happens, up to the policy's. */
  pollDelayMs: number;
  /**
   * While the order waits on its applicant: when it polls next (epoch ms, workflow time), on a grid of the policy's
   * longest interval at a phase of its own (`poll-schedule.ts`); null otherwise.
   */
  applicantPollAt: number | null;
  /**
   * Provider calls under way whose answer may change what the order knows (creates, reads, cancels): while one is, a
   * webhook that restates the last read is still worth a read of its own.
   */
  providerCallsInFlight: number;
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
  /** When the order completed (ISO 8601): its re-verification window starts then. */
  completedAt: string | null;
  /** The loan's closing date, or the order's own; null without one. */
  closingDate: CalendarDate | null;
  /** Business days before `closingDate` at which voie re-verifies: the loan's when it set them, else the policy's. */
  businessDays: number;
  /** The latest loan change applied (`ClosingDateChange.loanVersion`); 0 before any. */
  loanVersion: number;
  /** The current re-verification: the one scheduled, running, or last run; null when there is none. */
  reverification: ReverificationState | null;
  /** The re-verifications before the current one, oldest first (their reports dropped: the LOS has them). */
  earlierReverifications: ReverificationState[];
  /**
   * Provider orders other orders placed to re-verify this order's verification (reuse), the most recent
   * {@link MAX_OTHERS_RECHECKS}: never taken for a re-check of this order's own.
   */
  othersRechecks?: string[];
  /** Counts the ledger's word that a key this order waits on was settled: the wait ends and the step claims again. */
  reuseKeySettled?: number;
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
  /** A cancel that ends the whole order (the LOS's, the overall deadline), not just the attempt. */
  final?: boolean;
}

/** The order's try of one waterfall step (an order of one provider makes one). The view lists them as `attempts`. */
export interface Attempt {
  provider: string;
  /** Its first provider order's id. */
  providerOrderId: string | null;
  status: OrderStatus;
  outcome: StepOutcome | null;
  startedAt: string;
  endedAt: string | null;
  reason: string | null;
  /**
   * The price keys (`priceKey`) of its provider orders that completed, one per provider order: what the attempt spent.
   * Absent on attempts recorded before the bill: nothing.
   */
  spent?: string[];
  /** Whether the LOS heard of this attempt (`order.created` for the first, `order.provider_changed` for later ones). */
  announced: boolean;
  /** The order (`vo_…`) whose verification this attempt re-verified instead of creating a provider order (reuse). */
  reused?: string;
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
  /** The provider's own status words at its latest read: a webhook stating the same words cannot change a decision. */
  rawStatus: string | null;
  /** Whether, at its latest read, the provider waited on the applicant (`ProviderSnapshot.awaitingApplicant`). */
  awaitingApplicant?: boolean;
  ended: ProviderOrderEnd | null;
  report: OrderReport | null;
  /** When it was read completed, and its report ids then: what a re-verification before closing re-checks. */
  completedAt: string | null;
  reportIds: string[];
  /**
   * How the provider made it when it re-verified another order's verification (reuse); absent for a provider order
   * created new.
   */
  kind?: ReverificationKind;
  /**
   * The reuse ledger this order owns the key of while its provider order runs (`reuse-ledger.ts`): it is told how the
   * provider order ended (`told`), so that the key is free again and, if verified, reusable by later orders.
   */
  reuseLedger?: { id: string; told: boolean };
}

/** Where one employer of the order stands. */
export interface EmploymentState {
  status: OrderStatus;
  outcome: EmployerOutcome | null;
}

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

/** A result event as it was sent: where, under which `webhook-id`, with which exact body. */
export interface SentDelivery {
  url: string;
  /** The order's tenant, whose callback secrets sign it (absent: `default`'s). */
  tenant?: string;
  webhookId: string;
  type: DeliveryEventType;
  payload: DeliveryPayload;
}

/** One re-verification: the closing date it was planned for, its due time and, once run, what it found. */
export interface ReverificationState {
  /** The closing date it is due for; null for one the LOS ran without a closing date. */
  closingDate: CalendarDate | null;
  /** The start of the due date in the lender's zone (ISO 8601, UTC); when the LOS asked, for one run without a date. */
  dueAt: string;
  status: ReverificationStatus;
  /** The LOS asked for the re-check now (`POST /reverify`). */
  runNow: boolean;
  /** Epoch ms (workflow time) after which open re-checks are canceled; set when the re-check starts. */
  deadline: number | null;
  checkedAt: string | null;
  changes: string[];
  reason: string | null;
  rechecks: Recheck[];
  report: OrderReport | null;
}

/** One provider order that re-checks a provider order the original verification completed. */
export interface Recheck {
  /** The completed provider order it re-checks. */
  originalId: string;
  /** Indexes into the request's employers: those the original verified. */
  employers: number[];
  /** The re-check's own provider order; null until the provider made it. */
  providerOrderId: string | null;
  /** `reverification` / `refresh` / `new-order`, as the provider re-checked. */
  kind: string | null;
  /** Set once the re-check provider order ended: what it found, or why it could not. */
  ended: { kind: 'completed' | 'no-longer-verifies' | 'failed'; detail: string } | null;
  /** Each employer's outcome, as the re-check's last read reported them (in `employers` order). */
  outcomes: (EmployerOutcome | null)[];
  report: OrderReport | null;
}

/** A new order's state, as the API starts it: `creating`, with one attempt at its (first) provider. */
export function newOrderState(start: OrderStart): OrderState {
  const employers = start.request.employers.map((_, index) => index);
  return {
    ...start,
    updatedAt: start.createdAt,
    deadline: null,
    status: 'creating',
    providerOrderId: null,
    providerOrders: providerOrdersFor(employers, start.policy.employersPerProviderOrder),
    employments: employers.map(() => ({ status: 'creating', outcome: null })),
    attempts: [newAttempt(start.request.provider, start.createdAt)],
    stepDeadline: null,
    pollDelayMs: start.policy.pollIntervalMs,
    applicantPollAt: null,
    providerCallsInFlight: 0,
    shareUrl: null,
    correlationIds: [],
    events: [
      {
        at: start.createdAt,
        source: 'api',
        type: 'order.received',
        status: 'creating',
        ...(start.tenant ? { tenant: start.tenant } : {}),
      },
    ],
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
    completedAt: null,
    closingDate: null,
    businessDays: start.policy.reverifyBusinessDays,
    loanVersion: 0,
    reverification: null,
    earlierReverifications: [],
  };
}

export function newAttempt(provider: string, at: string): Attempt {
  return {
    provider,
    providerOrderId: null,
    status: 'creating',
    outcome: null,
    startedAt: at,
    endedAt: null,
    reason: null,
    announced: false,
  };
}

/** The provider orders that verify `employers`, `perProviderOrder` employers each. */
export function providerOrdersFor(employers: number[], perProviderOrder: number): ProviderOrder[] {
  const orders: ProviderOrder[] = [];
  for (let start = 0; start < employers.length; start += perProviderOrder) {
    orders.push({
      employers: employers.slice(start, start + perProviderOrder),
      providerOrderId: null,
      status: 'creating',
      rawStatus: null,
      ended: null,
      report: null,
      completedAt: null,
      reportIds: [],
    });
  }
  return orders;
}

/** The order's current attempt. */
export function currentAttempt(state: OrderState): Attempt {
  return state.attempts[state.attempts.length - 1]!;
}

/** The provider of the order's current attempt. */
export function currentProvider(state: OrderState): string {
  return currentAttempt(state).provider;
}

/** Whether the order is a provider waterfall (more than one step to try). */
export function isWaterfall(state: OrderState): boolean {
  return (state.request.providers?.length ?? 1) > 1;
}

/** The provider order of this id among the current attempt's. */
export function providerOrderOf(state: OrderState, providerOrderId: string | undefined): ProviderOrder | undefined {
  return state.providerOrders.find((order) => order.providerOrderId === providerOrderId);
}

/** The provider orders still at work: made, and not ended. */
export function openProviderOrders(state: OrderState): ProviderOrder[] {
  return state.providerOrders.filter((order) => !order.ended && order.providerOrderId !== null);
}

/** Epoch ms until which a completed order can be re-verified; null before it completed. */
export function reverifiableUntil(state: OrderState): number | null {
  return state.completedAt === null ? null : Date.parse(state.completedAt) + state.policy.reverifyWindowMs;
}

/** Every re-verification of the order, oldest first, the current one last. */
export function allReverifications(state: OrderState): ReverificationState[] {
  return state.reverification ? [...state.earlierReverifications, state.reverification] : [];
}

/** Remembers a provider id webhooks may name (the search attribute `VoieCorrelationIds`). */
export function addCorrelationId(state: OrderState, id: string): void {
  if (id !== state.providerOrderId && !state.correlationIds.includes(id)) state.correlationIds.push(id);
}

/** Adds an event to the timeline, dropping the oldest beyond {@link MAX_EVENTS}. */
export function recordEvent(state: OrderState, event: TimelineEvent): void {
  // What the API asked for was asked by the order's tenant (no other reaches the order): the timeline says which.
  state.events.push(event.source === 'api' && state.tenant ? { ...event, tenant: state.tenant } : event);
  if (state.events.length > MAX_EVENTS) state.events.splice(0, state.events.length - MAX_EVENTS);
  state.updatedAt = event.at;
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
  if (status === 'completed') state.completedAt = at;
  recordEvent(state, { at, source, type: 'status.changed', status, detail });
  return true;
}
