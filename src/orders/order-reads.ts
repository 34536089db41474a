import type { OrderReport, OrderView } from '../domain';
import type { OrderRecord, VerificationOrderWorkflow } from '../../workflows/public';
import { orderRecordQuery } from '../../workflows/public';
import { ofOrder } from './order-not-found';
import type { WorkflowCalls } from './workflow-calls';

/** Reads of orders, open or ended. Each throws `OrderNotFoundError` for an order that does not exist. */
export class OrderReads {
  constructor(private readonly workflows: WorkflowCalls) {}

  /**
   * Everything the API serves about an order, without a worker and without replay wherever Temporal holds it: a closed
   * order's from its workflow's close event (what the workflow returned), an ended order still open for its
   * re-verification window from the workflow's memo (which it keeps current once the order ended). An order still at
   * work is queried, which a worker answers; so is a workflow that ended without completing (terminated by an
   * operator), which returned nothing.
   */
  record(orderId: string): Promise<OrderRecord> {
    return ofOrder(orderId, async () => {
      const outcome = await this.workflows.outcome<VerificationOrderWorkflow>(orderId);
      if (!outcome.running && outcome.result) return outcome.result;
      if (outcome.running && outcome.memo.record) return outcome.memo.record as OrderRecord;
      return this.workflows.answered(() => this.workflows.orderHandle(orderId).query(orderRecordQuery));
    });
  }

  /** The memo of the order's workflow (its latest run), by `describe`: no worker, no replay. */
  memo(orderId: string): Promise<Record<string, unknown>> {
    return ofOrder(orderId, async () => {
      const { memo } = await this.workflows.answered(() => this.workflows.orderHandle(orderId).describe());
      return memo ?? {};
    });
  }

  /** The order as `GET /v1/orders/{id}` answers it. */
  async order(orderId: string): Promise<OrderView> {
    return (await this.record(orderId)).order;
  }

  /** The order's report; null until it has one. */
  async report(orderId: string): Promise<OrderReport | null> {
    return (await this.record(orderId)).report;
  }
}
