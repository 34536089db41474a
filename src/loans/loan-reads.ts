import type { GseReference, LoanFile, LoanFileEntry, LoanOrderStanding } from '../domain';
import {
  DEFAULT_REVERIFY_BUSINESS_DAYS,
  loanClock,
  loanFileEntryOf,
  loanReadiness,
  standingOf,
  totalCost,
} from '../domain';
import type { LoanOrderEntry } from '../../workflows/public';
import { OrderNotFoundError } from '../orders/order-not-found';
import type { OrderDirectory } from '../orders/order-directory';
import type { OrderReads } from '../orders/order-reads';
import { LoanNotFoundError } from './loan-not-found';
import type { LoanWorkflows } from './loan-workflows';

/** How many orders a loan file lists from the visibility store when its loan has no workflow (a handful). */
const LISTED_ORDERS = 100;

/** An order of the loan, with what the loan holds of it (nothing for a loan without a workflow). */
export type HeldOrder = Pick<LoanOrderEntry, 'id'> & Partial<LoanOrderEntry>;

/** One order of the loan file: what it shows of the order, and what the loan's readiness judges it by. */
export interface FileOrder {
  entry: LoanFileEntry;
  standing: LoanOrderStanding;
}

/** The loan file: the loan's closing date, every order of it with its re-verification, and whether it may close. */
export class LoanReads {
  constructor(
    private readonly loans: LoanWorkflows,
    private readonly reads: OrderReads,
    private readonly directory: OrderDirectory,
  ) {}

  /**
   * `GET /v1/loans/{loan_id}`: one `describe` of the loan's workflow, whose memo holds what each order last told it
   * (its loan file entry and standing) — however many orders the loan has, whether they run or not, without a worker
   * and without replay. An order the loan has not heard from (registered, not started yet) or holds no entry of (past
   * its first `LOAN_FILE_ENTRIES`) or told before it applied the loan's latest closing date (a `PUT` just moved it),
   * and the orders of a loan without a workflow (placed before loans had one: those the visibility store lists with
   * the `loan_id`), are read as `GET /v1/orders/{id}` reads them. `ready_to_close` is
   * judged from the standings, on the loan's clock in the lender's `timeZone`: the same decision the loan's workflow
   * makes. Any other change of an order reaches the loan file once its loan took the order's signal (a workflow task
   * later).
   * @throws LoanNotFoundError when the tenant has no order with this `loan_id`.
   */
  async file(loanId: string, timeZone: string, tenant: string): Promise<LoanFile> {
    const loan = await this.loans.current(loanId, tenant);
    const held: HeldOrder[] = loan
      ? loan.orders
      : (await this.directory.list(tenant, { loan_id: loanId }, LISTED_ORDERS)).orders.map(({ id }) => ({ id }));
    const version = loan?.version ?? 0;
    const read = await Promise.all(held.map((order) => this.fileOrder(order, loanId, version)));
    const orders = read.filter((order): order is FileOrder => order !== null);
    if (!loan && orders.length === 0) throw new LoanNotFoundError(loanId);
    const clock = loanClock(
      loan?.closingDate ?? null,
      loan?.effectiveBusinessDays ?? DEFAULT_REVERIFY_BUSINESS_DAYS,
      timeZone,
    );
    return {
      loan_id: loanId,
      closing_date: clock.closingDate,
      reverification_due_at: clock.dueAt,
      orders: orders.map(({ entry }) => entry.order),
      gse: gseOf(orders.map(({ entry }) => entry)),
      estimated_cost: totalCost(orders.map(({ entry }) => entry.order.estimated_cost)),
      ...loanReadiness(
        clock,
        orders.map(({ standing }) => standing),
      ),
    };
  }

  /**
   * The order as its loan holds it, else as the order reads. Null for an order whose placement failed after it joined
   * the loan (it never started) and for one of another loan (a conflicting POST that joined before it lost).
   */
  private async fileOrder(order: HeldOrder, loanId: string, version: number): Promise<FileOrder | null> {
    const held = heldFileOrder(order, version);
    if (held) return held;
    try {
      const record = await this.reads.record(order.id);
      if (record.order.loan_id !== loanId) return null;
      return { entry: loanFileEntryOf(record.order, record.report), standing: standingOf(record.order) };
    } catch (err) {
      if (err instanceof OrderNotFoundError) return null;
      throw err;
    }
  }
}

/**
 * The order as its loan holds it, when that is current: told, and told after the order applied the loan's latest
 * closing date (`version`), or by an order whose workflow closed (it hears no date any more).
 */
export function heldFileOrder(order: HeldOrder, version: number): FileOrder | undefined {
  if (!order.file || !order.standing) return undefined;
  if (!order.ended && (order.fileVersion ?? 0) < version) return undefined;
  return { entry: order.file, standing: order.standing };
}

/** The agency ids of every order's report, each once. */
function gseOf(entries: LoanFileEntry[]): GseReference[] {
  const seen = new Map<string, GseReference>();
  for (const reference of entries.flatMap((entry) => entry.gse)) {
    seen.set(`${reference.agency}/${reference.program}/${reference.reference_id}`, reference);
  }
  return [...seen.values()];
}
