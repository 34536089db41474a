import { WorkflowNotFoundError } from '@temporalio/client';
import type { DeliveryAttempt, DeliveryEventType } from '../domain';
import type { ResultRedeliveryWorkflow } from '../../workflows/public';
import {
  ORDERS_TASK_QUEUE,
  RESULT_REDELIVERY_WORKFLOW,
  redeliveryLogQuery,
  redeliveryWorkflowId,
} from '../../workflows/public';
import type { OrderReads } from './order-reads';
import type { WorkflowCalls } from './workflow-calls';

export type RedeliverResult =
  { kind: 'accepted'; webhookId: string; type: DeliveryEventType } | { kind: 'nothing-delivered' };

/** The order's redelivery log, and whether a redelivery is under way. */
interface RedeliveryLog {
  open: boolean;
  attempts: DeliveryAttempt[];
}

/**
 * Redeliveries of an order's latest result event, each in a redelivery workflow of its own (an ended order's
 * workflow takes no update), and the log of every delivery attempt. Both throw `OrderNotFoundError` for an order
 * that does not exist.
 */
export class Redeliveries {
  constructor(
    private readonly workflows: WorkflowCalls,
    private readonly reads: OrderReads,
  ) {}

  /** Every delivery attempt of the order's result events, the order's own and its redeliveries', oldest first. */
  async attempts(orderId: string): Promise<DeliveryAttempt[]> {
    const { deliveries } = await this.reads.record(orderId);
    const redeliveries = (await this.log(orderId)) ?? { attempts: [] };
    return [...deliveries, ...redeliveries.attempts].sort((a, b) => a.at.localeCompare(b.at));
  }

  /**
   * Sends the order's latest result event again, with its `webhook-id`, on the normal retry schedule. A redelivery
   * still under way is the one asked for.
   */
  async redeliver(orderId: string): Promise<RedeliverResult> {
    const record = await this.reads.record(orderId);
    const delivery = record.lastDelivery;
    if (!delivery) return { kind: 'nothing-delivered' };
    const earlier = await this.log(orderId);
    const accepted = { kind: 'accepted', webhookId: delivery.webhookId, type: delivery.type } as const;
    if (earlier?.open) return accepted;
    const attemptsSoFar = [...record.deliveries, ...(earlier?.attempts ?? [])].filter(
      (attempt) => attempt.webhook_id === delivery.webhookId,
    ).length;
    await this.workflows.answered(() =>
      this.workflows.client.workflow.start<ResultRedeliveryWorkflow>(RESULT_REDELIVERY_WORKFLOW, {
        workflowId: redeliveryWorkflowId(orderId),
        taskQueue: ORDERS_TASK_QUEUE,
        args: [{ orderId, delivery, firstAttempt: attemptsSoFar + 1, earlier: earlier?.attempts ?? [] }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        staticSummary: `redelivery of ${delivery.type} (${delivery.webhookId})`,
      }),
    );
    return accepted;
  }

  /** The order's redelivery log; undefined if no redelivery was ever asked for. */
  private async log(orderId: string): Promise<RedeliveryLog | undefined> {
    const workflowId = redeliveryWorkflowId(orderId);
    try {
      const outcome = await this.workflows.outcome<ResultRedeliveryWorkflow>(workflowId);
      if (!outcome.running) return { open: false, attempts: outcome.result ?? [] };
      const handle = this.workflows.client.workflow.getHandle<ResultRedeliveryWorkflow>(workflowId);
      return { open: true, attempts: await this.workflows.answered(() => handle.query(redeliveryLogQuery)) };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }
}
