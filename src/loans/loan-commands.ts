import type { LoanClosingDateChange, LoanDefaults, LoanSnapshot } from '../../workflows/public';
import { loanClosingDateChange } from '../../workflows/public';
import type { OrderCommands } from '../orders/order-commands';
import type { OrderDirectory } from '../orders/order-directory';
import { LoanNotFoundError } from './loan-not-found';
import type { LoanWorkflows } from './loan-workflows';

/** How many orders placed before their loan had a workflow a first `PUT` adopts (a loan has a handful). */
const ADOPTED_ORDERS = 100;

/** What the API asks of loans: their workflow holds the closing date and tells the loan's orders each change. */
export class LoanCommands {
  constructor(
    private readonly loans: LoanWorkflows,
    private readonly orders: OrderCommands,
    private readonly directory: OrderDirectory,
  ) {}

  /**
   * `PUT /v1/loans/{loan_id}`: sets, moves or clears the loan's closing date, which every order of the loan follows.
   * The loan's own signals to its orders are the durable fan-out; the open orders are also patched here, in parallel,
   * so that the answer shows them current. The same date again changes nothing and patches nothing. `nowMs`: the
   * API's clock.
   * @throws LoanNotFoundError when the tenant has no order with this `loan_id`.
   */
  async setClosingDate(
    loanId: string,
    change: Omit<LoanClosingDateChange, 'defaults'>,
    defaults: LoanDefaults,
    nowMs: number,
    tenant: string,
  ): Promise<LoanSnapshot> {
    const current = (await this.loans.current(loanId, tenant)) ?? (await this.adopt(loanId, defaults, tenant));
    const { loan, changed } = await this.loans.setClosingDate(loanId, change, current, defaults, tenant);
    if (!changed) return loan;
    const open = loan.orders.filter((order) => order.started && !order.ended);
    const patch = loanClosingDateChange(loan);
    // An order that refuses (it ended, or its re-verification window closed) keeps what it had: no failure of the PUT.
    await Promise.allSettled(open.map((order) => this.orders.patchOrder(order.id, patch, nowMs)));
    return loan;
  }

  /**
   * A loan without a workflow: its orders were placed before loans had one. They join it, as orders that run.
   * @throws LoanNotFoundError when the tenant has no order with this `loan_id`.
   */
  private async adopt(loanId: string, defaults: LoanDefaults, tenant: string): Promise<LoanSnapshot> {
    const { orders } = await this.directory.list(tenant, { loan_id: loanId }, ADOPTED_ORDERS);
    if (orders.length === 0) throw new LoanNotFoundError(loanId);
    let loan: LoanSnapshot | undefined;
    for (const order of orders) {
      loan = await this.loans.register(loanId, { orderId: order.id, started: true }, defaults, tenant);
    }
    return loan!;
  }
}
