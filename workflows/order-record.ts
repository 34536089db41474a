import type { DeliveryAttempt, OrderReport, OrderView } from '../src/domain';
import type { SentDelivery } from './state';

/**
 * Everything the API serves about an order, in one value: the workflow returns it when the order ends, so that
 * Temporal keeps it in the close event and an ended order is read without a worker and without replay. Open orders
 * answer the same through `orderRecordQuery`.
 */
export interface OrderRecord {
  order: OrderView;
  report: OrderReport | null;
  deliveries: DeliveryAttempt[];
  /** The result event last attempted, which a redelivery sends again. */
  lastDelivery: SentDelivery | null;
}
