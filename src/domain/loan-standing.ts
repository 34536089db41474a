import type { LoanFileOrder } from './contract/loan-file';
import type { GseReference, OrderReport } from './contract/order-report';
import type { OrderView } from './contract/order-view';
import type { ReverificationView } from './contract/reverification';
import type { OrderStatus } from './order-status';

/**
 * What a loan needs to know of one of its orders to say whether the loan may close: the order tells its loan this
 * whenever it changes, and the API computes the same from the order's view for an order its loan has not heard from.
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

/**
 * What the loan file shows of one order: its line (the order view's fields a closer reads) and its report's agency
 * ids. The order tells its loan this with its standing, so that the loan file is read from the loan alone.
 */
export interface LoanFileEntry {
  order: LoanFileOrder;
  gse: GseReference[];
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

/** An order's loan file entry, from its view and report. */
export function loanFileEntryOf(order: OrderView, report: OrderReport | null): LoanFileEntry {
  const { id, external_id, status, type, applicant, employments, reverification, estimated_cost } = order;
  return {
    order: { id, external_id, status, type, applicant, employments, reverification, estimated_cost },
    gse: report?.normalized.gse ?? [],
  };
}
