import type { DeliveryAttempt, OrderReport, OrderView } from '../src/domain';
import type { OrderState, SentDelivery } from './order-state';
import { toView } from './order-view';

/** Marks a workflow result as an order record (histories of older code returned a bare view). */
export const ORDER_RECORD_KIND = 'voie.order-record.v1';

/**
 * Everything the API serves about an order, in one value: the workflow returns it when the order ends, so that
 * Temporal keeps it in the close event and an ended order is read without a worker and without replay. Open orders
 * answer the same through `orderRecordQuery`.
 */
export interface OrderRecord {
  kind: typeof ORDER_RECORD_KIND;
  order: OrderView;
  report: OrderReport | null;
  deliveries: DeliveryAttempt[];
  /** The result event last attempted, which a redelivery sends again. */
  lastDelivery: SentDelivery | null;
}

export function toRecord(state: OrderState): OrderRecord {
  return {
    kind: ORDER_RECORD_KIND,
    order: toView(state),
    report: state.report,
    deliveries: state.deliveryLog,
    lastDelivery: state.lastDelivery,
  };
}

/** Whether a workflow's result is an order record (and not the bare view of a run of older code). */
export function isOrderRecord(value: unknown): value is OrderRecord {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === ORDER_RECORD_KIND;
}
