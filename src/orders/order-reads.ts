import type { OrderReport, OrderView } from '../domain';
import type { OrderRecord, VerificationOrderWorkflow } from '../../workflows/public';
import { orderRecordQuery } from '../../workflows/public';
import { ofOrder } from './order-not-found';
import type { WorkflowCalls } from './workflow-calls';

/** Reads of orders, open or ended. Each throws `OrderNotFoundError` for an order that does not exist. */
export class OrderReads {
  constructor(private readonly workflows: WorkflowCalls) {}

  /**
   * Everything the API serves about an order: an ended order's from its workflow's close event (what the workflow
   * returned; no worker, no replay), an open one's by a query, which a worker answers. A workflow that ended without
   * completing (terminated by an operator) returned nothing, and is queried too.
   */
  record(orderId: string): Promise<OrderRecord> {
    return ofOrder(orderId, async () => {
      const outcome = await this.workflows.outcome<VerificationOrderWorkflow>(orderId);
      if (!outcome.running && outcome.result) return outcome.result;
      return this.workflows.answered(() => this.workflows.orderHandle(orderId).query(orderRecordQuery));
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
