import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Workflow, WorkflowResultType } from '@temporalio/common';
import type { VerificationOrderWorkflow } from '../../workflows/public';

/** How long the API waits, by default, for Temporal to answer a listing or a worker to answer a query or update. */
export const ANSWER_TIMEOUT_MS = 10_000;

/**
 * Where a workflow's latest run stands: running (with its memo), or closed with its result if it completed (none
 * otherwise).
 */
export type WorkflowOutcome<T> = { running: true; memo: Record<string, unknown> } | { running: false; result?: T };

/** The Temporal client the order services share, and the deadline every call of theirs runs under. */
export class WorkflowCalls {
  constructor(
    readonly client: Client,
    private readonly answerTimeoutMs = ANSWER_TIMEOUT_MS,
  ) {}

  /**
   * Queries and updates need a worker to answer, and without one they would wait; a listing Temporal cannot serve
   * (frontend down, visibility store failing) is retried by the client for as long. Under a gRPC deadline the call
   * ends instead, and the API answers 503 (retry later) after a bounded wait.
   */
  answered<T>(call: () => Promise<T>): Promise<T> {
    return this.client.withDeadline(Date.now() + this.answerTimeoutMs, call);
  }

  /** The order's workflow (its latest run). */
  orderHandle(orderId: string): WorkflowHandle<VerificationOrderWorkflow> {
    return this.client.workflow.getHandle<VerificationOrderWorkflow>(orderId);
  }

  /**
   * Whether a workflow's latest run is running (and its memo), and its result if it completed. Describe says whether it is closed
   * (not the order's status: a completed order may still wait on a timer); for a completed run, `result()` without
   * following runs reads only its close event. Temporal serves both from its store: no worker, no replay. (Asked of a
   * running workflow, `result()` would wait for the close: hence describe first, and the run it named.) Throws
   * `WorkflowNotFoundError` when there is no such workflow.
   */
  async outcome<W extends Workflow>(workflowId: string): Promise<WorkflowOutcome<WorkflowResultType<W>>> {
    const { status, runId, memo } = await this.answered(() => this.client.workflow.getHandle(workflowId).describe());
    if (status.name === 'RUNNING') return { running: true, memo: memo ?? {} };
    if (status.name !== 'COMPLETED') return { running: false };
    const closed = this.client.workflow.getHandle<W>(workflowId, runId, { followRuns: false });
    return { running: false, result: await this.answered(() => closed.result()) };
  }
}
