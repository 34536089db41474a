import type { WorkflowHandle } from '@temporalio/client';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { OrderPolicy, OrderRequest, OrderView, ProviderHint } from '../domain';
import { orderSummary, pastReverificationWindow } from '../domain';
import type { ClosingDateChange, VerificationOrderWorkflow } from '../../workflows/public';
import {
  cancelOrderUpdate,
  FailureType,
  initialView,
  ORDERS_TASK_QUEUE,
  patchOrderUpdate,
  providerHintSignal,
  providerHintsSignal,
  reverifyNowUpdate,
  VERIFICATION_ORDER_WORKFLOW,
  VoieExternalId,
  VoieLoanId,
  VoieProvider,
  VoieStatus,
} from '../../workflows/public';
import { orderIdFor } from './idempotency';
import { OrderNotFoundError } from './order-not-found';
import type { OrderReads } from './order-reads';
import type { WorkflowCalls } from './workflow-calls';

export type PlaceResult = { kind: 'created' | 'existing'; order: OrderView } | { kind: 'conflict' };
export type CancelResult = { kind: 'accepted'; order: OrderView } | { kind: 'terminal' };
/** How a change of the re-verification before closing went; `refused` says why (the API's 409). */
export type ReverificationChangeResult =
  { kind: 'accepted'; order: OrderView } | { kind: 'refused' | 'invalid'; reason: string };

/**
 * What the API asks of orders: it starts their workflows and sends them updates and signals. Commands on an order
 * that does not exist throw `OrderNotFoundError`.
 */
export class OrderCommands {
  constructor(
    private readonly workflows: WorkflowCalls,
    private readonly reads: OrderReads,
  ) {}

  /** Starts the order's workflow, or finds the one a repeated POST with the same body started. */
  async place(request: OrderRequest, policy: OrderPolicy, fingerprint: string, now: Date): Promise<PlaceResult> {
    const orderId = orderIdFor(request.external_id);
    const input = { orderId, request, policy, createdAt: now.toISOString() };
    const order = initialView(input);
    try {
      await this.workflows.client.workflow.start<VerificationOrderWorkflow>(VERIFICATION_ORDER_WORKFLOW, {
        workflowId: orderId,
        taskQueue: ORDERS_TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        memo: { fingerprint },
        staticSummary: orderSummary(request),
        typedSearchAttributes: [
          { key: VoieProvider, value: request.provider },
          { key: VoieStatus, value: order.status },
          { key: VoieExternalId, value: request.external_id },
          ...(request.loan_id ? [{ key: VoieLoanId, value: request.loan_id }] : []),
        ],
      });
      return { kind: 'created', order };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    const { memo } = await this.workflows.client.workflow.getHandle(orderId).describe();
    if (memo?.fingerprint !== fingerprint) return { kind: 'conflict' };
    const existing = await this.reads.order(orderId).catch((err: unknown) => {
      // It existed a moment ago: its retention ran out in between. A server error, not the client's 404.
      if (err instanceof OrderNotFoundError) throw new Error(`order ${orderId} vanished`, { cause: err });
      throw err;
    });
    return { kind: 'existing', order: existing };
  }

  async cancel(orderId: string, reason: string | undefined): Promise<CancelResult> {
    try {
      const order = await this.workflows.answered(() =>
        this.workflows.orderHandle(orderId).executeUpdate(cancelOrderUpdate, { args: [{ reason }] }),
      );
      return { kind: 'accepted', order };
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        if (err.cause.type === FailureType.OrderTerminal) return { kind: 'terminal' };
      }
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    // The workflow is closed (the order ended), or there is none: then the read throws not found.
    await this.reads.order(orderId);
    return { kind: 'terminal' };
  }

  /** Sets, moves or clears the closing date (`PATCH /v1/orders/{id}`). */
  patch(orderId: string, change: ClosingDateChange, nowMs: number): Promise<ReverificationChangeResult> {
    return this.changeReverification(orderId, nowMs, (handle) =>
      handle.executeUpdate(patchOrderUpdate, { args: [change] }),
    );
  }

  /** Runs the re-verification before closing now (`POST /v1/orders/{id}/reverify`). */
  reverify(orderId: string, nowMs: number): Promise<ReverificationChangeResult> {
    return this.changeReverification(orderId, nowMs, (handle) => handle.executeUpdate(reverifyNowUpdate, { args: [] }));
  }

  /**
   * Hands webhook hints to the order in one signal (one hint goes as `providerHint`, which workers of every version
   * handle). Returns false when the order does not exist or already ended: the webhook is acknowledged all the same.
   */
  async signalHints(orderId: string, hints: readonly ProviderHint[]): Promise<boolean> {
    const handle = this.workflows.orderHandle(orderId);
    const signal = (): Promise<void> =>
      hints.length === 1
        ? handle.signal(providerHintSignal, hints[0]!)
        : handle.signal(providerHintsSignal, [...hints]);
    try {
      // Under the deadline: with Temporal away the client would retry the signal until it is back, holding the
      // provider's request open; the provider should hear 503 and retry instead.
      await this.workflows.answered(signal);
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  /** `nowMs`: the API's clock, which names the age of an order past its re-verification window. */
  private async changeReverification(
    orderId: string,
    nowMs: number,
    update: (handle: WorkflowHandle<VerificationOrderWorkflow>) => Promise<OrderView>,
  ): Promise<ReverificationChangeResult> {
    try {
      return {
        kind: 'accepted',
        order: await this.workflows.answered(() => update(this.workflows.orderHandle(orderId))),
      };
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        const { type, message } = err.cause;
        if (type === FailureType.ReverificationLocked || type === FailureType.OrderTerminal) {
          return { kind: 'refused', reason: message };
        }
        if (type === FailureType.InvalidClosingDate) return { kind: 'invalid', reason: message };
      }
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    // The workflow is closed (the order ended otherwise than completed, or its re-verification window ended), or
    // there is none: then the read throws.
    const order = await this.reads.order(orderId);
    const { completed_at: completedAt, reverifiable_until: until } = order;
    const pastWindow =
      completedAt && until
        ? pastReverificationWindow(completedAt, Date.parse(until) - Date.parse(completedAt), nowMs)
        : null;
    return { kind: 'refused', reason: pastWindow ?? `the order is ${order.status}` };
  }
}
