/**
 * The result events the LOS hears of, queued with their exact body: `order.created` first, a waterfall's move to its
 * next step before anything else of that step, then the event asked for. `result-deliveries.ts` sends them.
 */
import type { DeliveryEventType, DeliveryPayload, ReverificationResult } from '../src/domain';
import type { OrderRecord } from './order-record';
import type { OrderState, ReverificationState } from './state';
import { currentAttempt } from './state';
import { reverificationView, toView } from './view';

/**
 * Tells the LOS of `type`, after whatever it must hear first: `order.created` once the provider order exists, and a
 * waterfall's new attempt (`order.provider_changed`) before any other event of it.
 */
export function announce(state: OrderState, type: DeliveryEventType, now: number): void {
  const attempt = currentAttempt(state);
  if (type !== 'order.created' && state.providerOrderId && !state.createdDelivery) {
    queueDelivery(state, 'order.created', now);
    attempt.announced = true;
  }
  if (
    state.attempts.length > 1 &&
    !attempt.announced &&
    type !== 'order.created' &&
    type !== 'order.provider_changed'
  ) {
    queueDelivery(state, 'order.provider_changed', now);
    attempt.announced = true;
  }
  if (type === 'order.created' || type === 'order.provider_changed') attempt.announced = true;
  queueDelivery(state, type, now);
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
  state.delivery = {
    ...state.delivery,
    state: 'pending',
    last_event: type,
    attempts: 0,
    next_attempt_at: payload.timestamp,
  };
}

/** `data.reverification` of `order.reverified`. */
export function reverificationResult(reverification: ReverificationState): ReverificationResult {
  return { ...reverificationView(reverification)!, report: reverification.report?.normalized ?? null };
}

/** Everything the API serves about the order: what the workflow returns, and answers while open. */
export function toRecord(state: OrderState): OrderRecord {
  return {
    order: toView(state),
    report: state.report,
    deliveries: state.deliveryLog,
    lastDelivery: state.lastDelivery,
  };
}
