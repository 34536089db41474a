/**
 * The order's state machine, free of Temporal: (state, provider snapshot | hint) → next state + what to do next.
 * The workflow owns the side effects; this module only decides. Unit-tested without a server.
 */
import type {
  DeliveryEventType,
  DeliveryPayload,
  DeliveryStatus,
  EventSource,
  OrderPolicy,
  OrderReport,
  OrderRequest,
  OrderStatus,
  OrderView,
  ProviderHint,
  ProviderSnapshot,
  TimelineEvent,
} from '../src/domain';
import { isTerminal, orderSummary, ssnLast4 } from '../src/domain';

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

export interface OrderState {
  orderId: string;
  request: OrderRequest;
  policy: OrderPolicy;
  createdAt: string;
  updatedAt: string;
  /** Epoch ms (workflow time) after which the order expires; set when the workflow first runs. */
  deadline: number | null;
  status: OrderStatus;
  providerOrderId: string | null;
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
}

/**
 * What the workflow must do next, as the state machine decided. `fetch-report` carries the source of the snapshot
 * that completed the order, which the completion is recorded under.
 */
export type OrderAction =
  | { kind: 'cancel-at-provider'; reason: 'action-required' }
  | { kind: 'fetch-report'; snapshot: ProviderSnapshot; source: EventSource }
  | { kind: 'deliver'; type: DeliveryEventType };

export function initialState(args: {
  orderId: string;
  request: OrderRequest;
  policy: OrderPolicy;
  createdAt: string;
}): OrderState {
  return {
    ...args,
    updatedAt: args.createdAt,
    deadline: null,
    status: 'creating',
    providerOrderId: null,
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
  };
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

/** Takes a webhook hint unless it is a duplicate. Returns whether it was new. */
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
  if (hint.refresh && !isTerminal(state.status)) state.pendingHints.push(hint);
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
  state.providerOrderId ??= snapshot.providerOrderId;
  if (snapshot.shareUrl) state.shareUrl = snapshot.shareUrl;
  for (const id of snapshot.correlationIds) {
    if (!state.correlationIds.includes(id)) state.correlationIds.push(id);
  }
  const detail = snapshot.reason ? `${snapshot.rawStatus}: ${snapshot.reason}` : snapshot.rawStatus;
  switch (snapshot.status) {
    case 'completed':
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
      return end(state, snapshot.status, at, source, detail, snapshot.rawStatus);
    case 'pending':
    case 'processing':
      moveTo(state, snapshot.status, at, source, detail);
      return [];
  }
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
  if (status === 'failed') state.error = { reason, ...(providerStatus ? { provider_status: providerStatus } : {}) };
  return [{ kind: 'deliver', type: `order.${status}` }];
}

export function complete(state: OrderState, report: OrderReport, at: string, source: EventSource): OrderAction[] {
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
    data: { order: toView(state), ...(type === 'order.completed' && state.report ? { report: state.report } : {}) },
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

/** The contract's order view; the only shape of an order that leaves the workflow. */
export function toView(state: OrderState): OrderView {
  const { request } = state;
  const hasResult = isTerminal(state.status) || state.delivery.state !== 'none';
  return {
    id: state.orderId,
    external_id: request.external_id,
    provider: request.provider,
    provider_order_id: state.providerOrderId,
    status: state.status,
    type: request.type,
    loan_id: request.loan_id ?? null,
    applicant: {
      first_name: request.applicant.first_name,
      last_name: request.applicant.last_name,
      ssn_last4: ssnLast4(request.applicant.ssn),
    },
    employer: { name: request.employer.name },
    created_at: state.createdAt,
    updated_at: state.updatedAt,
    events: state.events,
    applicant_action: state.shareUrl ? { share_url: state.shareUrl } : null,
    result: hasResult ? { ...(state.error ? { error: state.error } : {}), delivery: state.delivery } : null,
  };
}

/**
 * The order's current details in the Temporal UI: what it is and where it stands, without personal data. It repeats
 * the summary, which a run started by continue-as-new does not carry.
 */
export function currentDetails(state: OrderState): string {
  const provider = state.providerOrderId ? ` · ${state.request.provider} order ${state.providerOrderId}` : '';
  return `${orderSummary(state.request)} — status: ${state.status}${provider} · delivery: ${state.delivery.state}`;
}
