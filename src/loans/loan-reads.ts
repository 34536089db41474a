import type { GseReference, LoanFile, LoanFileOrder, OrderView } from '../domain';
import { DEFAULT_REVERIFY_BUSINESS_DAYS, loanClock, loanReadiness, standingOf, totalCost } from '../domain';
import type { OrderRecord } from '../../workflows/public';
import { OrderNotFoundError } from '../orders/order-not-found';
import type { OrderDirectory } from '../orders/order-directory';
import type { OrderReads } from '../orders/order-reads';
import { LoanNotFoundError } from './loan-not-found';
import type { LoanWorkflows } from './loan-workflows';

/** How many orders a loan file lists from the visibility store when its loan has no workflow (a handful). */
const LISTED_ORDERS = 100;

/** The loan file: the loan's closing date, every order of it with its re-verification, and whether it may close. */
export class LoanReads {
  constructor(
    private readonly loans: LoanWorkflows,
    private readonly reads: OrderReads,
    private readonly directory: OrderDirectory,
  ) {}

  /**
   * `GET /v1/loans/{loan_id}`: the orders are those the loan's workflow holds (or, for a loan without one, those the
   * visibility store lists with the `loan_id`: orders placed before loans had a workflow), each read as
   * `GET /v1/orders/{id}` reads it. `ready_to_close` is judged from their views, on the loan's clock in the lender's
   * `timeZone`: the same decision the loan's workflow makes from what its orders tell it.
   * @throws LoanNotFoundError when the tenant has no order with this `loan_id`.
   */
  async file(loanId: string, timeZone: string, tenant: string): Promise<LoanFile> {
    const loan = await this.loans.current(loanId, tenant);
    const ids = loan
      ? loan.orders.map((order) => order.id)
      : (await this.directory.list(tenant, { loan_id: loanId }, LISTED_ORDERS)).orders.map((order) => order.id);
    const records = (await Promise.all(ids.map((id) => this.record(id)))).filter(
      // An order whose placement failed after it joined the loan never started; one of another loan (a conflicting
      // POST that joined before it lost) is not this loan's.
      (record): record is OrderRecord => record !== null && record.order.loan_id === loanId,
    );
    if (!loan && records.length === 0) throw new LoanNotFoundError(loanId);
    const orders = records.map((record) => record.order);
    const clock = loanClock(
      loan?.closingDate ?? null,
      loan?.effectiveBusinessDays ?? DEFAULT_REVERIFY_BUSINESS_DAYS,
      timeZone,
    );
    return {
      loan_id: loanId,
      closing_date: clock.closingDate,
      reverification_due_at: clock.dueAt,
      orders: orders.map(loanFileOrderOf),
      gse: gseOf(records),
      estimated_cost: totalCost(orders.map((order) => order.estimated_cost)),
      ...loanReadiness(clock, orders.map(standingOf)),
    };
  }

  private async record(orderId: string): Promise<OrderRecord | null> {
    try {
      return await this.reads.record(orderId);
    } catch (err) {
      if (err instanceof OrderNotFoundError) return null;
      throw err;
    }
  }
}

function loanFileOrderOf(order: OrderView): LoanFileOrder {
  const { id, external_id, status, type, applicant, employments, reverification, estimated_cost } = order;
  return { id, external_id, status, type, applicant, employments, reverification, estimated_cost };
}

/** The agency ids of every order's report, each once. */
function gseOf(records: OrderRecord[]): GseReference[] {
  const seen = new Map<string, GseReference>();
  for (const reference of records.flatMap((record) => record.report?.normalized.gse ?? [])) {
    seen.set(`${reference.agency}/${reference.program}/${reference.reference_id}`, reference);
  }
  return [...seen.values()];
}
