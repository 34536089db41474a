import type { OrderView } from './contract/order-view';
import type { ReverificationView } from './contract/reverification';
import type { OrderStatus } from './order-status';

/**
 * What a loan needs to know of one of its orders to say whether the loan may close: the order tells its loan this
 * whenever it changes, and the API computes the same from the order's view for the loan file.
 */
export interface LoanOrderStanding {
  id: string;
  status: OrderStatus;
  /** Why the order ended otherwise than completed, when it says. */
  reason: string | null;
  /** Whether an employment of the order is verified. */
  verified: boolean;
  /** The LOS canceled the order: it no longer counts for the loan. */
  canceledByLos: boolean;
  reverification: ReverificationView | null;
}

/** An order's standing, from its view. */
export function standingOf(order: OrderView): LoanOrderStanding {
  return {
    id: order.id,
    status: order.status,
    reason: order.result?.error?.reason ?? null,
    verified: order.employments.some((employment) => employment.outcome === 'verified'),
    canceledByLos:
      order.status === 'canceled' &&
      order.events.some((event) => event.source === 'api' && event.type === 'cancel.requested'),
    reverification: order.reverification,
  };
}
