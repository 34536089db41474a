import { createHash } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../../workflows/failure-types';
import type { CursorSealer } from './cursor';
import {
  cancelOrderUpdate,
  orderQuery,
  providerHintSignal,
  providerHintsSignal,
  reportQuery,
} from '../../workflows/messages';
import { initialState } from '../../workflows/order-state';
import { toView } from '../../workflows/order-view';
import type { OrderPolicy, OrderReport, OrderRequest, OrderStatus, OrderView, ProviderHint } from '../domain';
import { orderSummary } from '../domain';
import type { WebhookTarget } from '../providers/provider';
import {
  VoieCorrelationIds,
  VoieExternalId,
  VoieLoanId,
  VoieProvider,
  VoieProviderOrderId,
  VoieStatus,
} from '../../workflows/search-attributes';
import { ORDERS_TASK_QUEUE } from '../../workflows/task-queues';
import { verificationOrder } from '../../workflows/verification-order';

/** voie's order id, derived from the LOS's `external_id`: a repeated POST can only ever address the same workflow. */
export function orderIdFor(externalId: string): string {
  return `vo_${createHash('sha256').update(externalId).digest('hex').slice(0, 24)}`;
}

/** How long the API waits, by default, for Temporal to answer a listing or a worker to answer a query or update. */
export const ANSWER_TIMEOUT_MS = 10_000;

/** A row of `GET /v1/orders`, read from Temporal's visibility store (search attributes only). */
export interface OrderSummary {
  id: string;
  external_id: string | null;
  provider: string | null;
  provider_order_id: string | null;
  status: OrderStatus | null;
  loan_id: string | null;
  created_at: string | null;
  closed_at: string | null;
}

export interface ListFilter {
  status?: string;
  provider?: string;
  external_id?: string;
  loan_id?: string;
}

/** The `cursor` of `GET /v1/orders` is not one voie handed out. */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

export type PlaceResult = { kind: 'created' | 'existing'; order: OrderView } | { kind: 'conflict' };
export type CancelResult = { kind: 'accepted'; order: OrderView } | { kind: 'terminal' } | { kind: 'not-found' };

/** The order operations of the API, on Temporal. */
export class OrderService {
  constructor(
    private readonly client: Client,
    private readonly cursors: CursorSealer,
    private readonly answerTimeoutMs = ANSWER_TIMEOUT_MS,
  ) {}

  async place(request: OrderRequest, policy: OrderPolicy, fingerprint: string, now: Date): Promise<PlaceResult> {
    const orderId = orderIdFor(request.external_id);
    const input = { orderId, request, policy, createdAt: now.toISOString() };
    const state = initialState(input);
    try {
      await this.client.workflow.start(verificationOrder, {
        workflowId: orderId,
        taskQueue: ORDERS_TASK_QUEUE,
        args: [{ ...input, attributesAtStart: true }],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        memo: { fingerprint },
        staticSummary: orderSummary(request),
        typedSearchAttributes: [
          { key: VoieProvider, value: request.provider },
          { key: VoieStatus, value: state.status },
          { key: VoieExternalId, value: request.external_id },
          ...(request.loan_id ? [{ key: VoieLoanId, value: request.loan_id }] : []),
        ],
      });
      return { kind: 'created', order: toView(state) };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    const handle = this.client.workflow.getHandle(orderId);
    const { memo } = await handle.describe();
    if (memo?.fingerprint !== fingerprint) return { kind: 'conflict' };
    return { kind: 'existing', order: await this.answered(() => handle.query(orderQuery)) };
  }

  async get(orderId: string): Promise<OrderView | undefined> {
    return this.ifExists(() => this.answered(() => this.handle(orderId).query(orderQuery)));
  }

  async report(orderId: string): Promise<OrderReport | null | undefined> {
    return this.ifExists(() => this.answered(() => this.handle(orderId).query(reportQuery)));
  }

  async cancel(orderId: string, reason: string | undefined): Promise<CancelResult> {
    try {
      const order = await this.answered(() =>
        this.handle(orderId).executeUpdate(cancelOrderUpdate, { args: [{ reason }] }),
      );
      return { kind: 'accepted', order };
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        if (err.cause.type === FailureType.OrderTerminal) return { kind: 'terminal' };
      }
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    // The workflow is closed (the order ended) or never existed.
    return (await this.get(orderId)) ? { kind: 'terminal' } : { kind: 'not-found' };
  }

  /**
   * Hands webhook hints to the order in one signal (one hint goes as `providerHint`, which workers of every version
   * handle). Returns false when the order does not exist or already ended.
   */
  async signalHints(orderId: string, hints: readonly ProviderHint[]): Promise<boolean> {
    const handle = this.handle(orderId);
    const signal = (): Promise<void> =>
      hints.length === 1
        ? handle.signal(providerHintSignal, hints[0]!)
        : handle.signal(providerHintsSignal, [...hints]);
    return (
      // Under the deadline: with Temporal away the client would retry the signal until it is back, holding the
      // provider's request open; the provider should hear 503 and retry instead.
      (await this.ifExists(() => this.answered(signal).then(() => true))) ?? false
    );
  }

  /**
   * The order a webhook without voie's id concerns, by search attribute: the provider order id (the first provider
   * order's, or that of another employer's among the recorded ids), else another provider id the order recorded
   * (Truv user and link ids).
   */
  async findOrderId(provider: string, target: WebhookTarget): Promise<string | undefined> {
    const lookups: [string, string | undefined][] = [
      [VoieProviderOrderId.name, target.providerOrderId],
      [VoieCorrelationIds.name, target.providerOrderId],
      ...(target.correlationIds ?? []).map((id): [string, string] => [VoieCorrelationIds.name, id]),
    ];
    for (const [attribute, value] of lookups) {
      if (!value) continue;
      const query = `${VoieProvider.name} = ${quote(provider)} AND ${attribute} = ${quote(value)}`;
      const found = await this.answered(async () => {
        for await (const execution of this.client.workflow.list({ query, pageSize: 1 })) return execution.workflowId;
        return undefined;
      });
      if (found) return found;
    }
    return undefined;
  }

  async list(
    filter: ListFilter,
    limit: number,
    cursor?: string,
  ): Promise<{ orders: OrderSummary[]; nextCursor: string | null }> {
    // A run that continued as new is history of an order still listed through its latest run.
    const clauses = [`WorkflowType = 'verificationOrder'`, `ExecutionStatus != 'ContinuedAsNew'`];
    const byKey = { status: VoieStatus, provider: VoieProvider, external_id: VoieExternalId, loan_id: VoieLoanId };
    for (const [name, key] of Object.entries(byKey)) {
      const value = filter[name as keyof ListFilter];
      if (value) clauses.push(`${key.name} = ${quote(value)}`);
    }
    const nextPageToken = cursor === undefined ? undefined : this.cursors.open(cursor);
    if (cursor !== undefined && !nextPageToken) throw new InvalidCursorError();
    const response = await this.answered(() =>
      this.client.workflowService.listWorkflowExecutions({
        namespace: this.client.options.namespace,
        query: clauses.join(' AND '),
        pageSize: limit,
        nextPageToken,
      }),
    );
    const orders = (response.executions ?? []).map((execution): OrderSummary => {
      const attributes = execution.searchAttributes?.indexedFields ?? {};
      const read = (name: string): string | null => {
        const data = attributes[name]?.data;
        return data ? (JSON.parse(Buffer.from(data).toString('utf8')) as string) : null;
      };
      return {
        id: execution.execution?.workflowId ?? '',
        external_id: read(VoieExternalId.name),
        provider: read(VoieProvider.name),
        provider_order_id: read(VoieProviderOrderId.name),
        status: read(VoieStatus.name) as OrderStatus | null,
        loan_id: read(VoieLoanId.name),
        created_at: timestamp(execution.startTime),
        closed_at: timestamp(execution.closeTime),
      };
    });
    const token = response.nextPageToken;
    return { orders, nextCursor: token && token.length ? this.cursors.seal(token) : null };
  }

  /**
   * Queries and updates need a worker to answer, and without one they would wait; a listing Temporal cannot serve
   * (frontend down, visibility store failing) is retried by the client for as long. Under a gRPC deadline the call
   * ends instead, and the API answers 503 (retry later) after a bounded wait.
   */
  private answered<T>(call: () => Promise<T>): Promise<T> {
    return this.client.withDeadline(Date.now() + this.answerTimeoutMs, call);
  }

  private handle(orderId: string): WorkflowHandle<typeof verificationOrder> {
    return this.client.workflow.getHandle<typeof verificationOrder>(orderId);
  }

  private async ifExists<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }
}

/** Visibility queries take single-quoted strings; every value reaching here was validated, but escape anyway. */
function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function timestamp(value: { seconds?: unknown; nanos?: number | null } | null | undefined): string | null {
  if (!value?.seconds) return null;
  return new Date(Number(value.seconds) * 1000 + Math.floor((value.nanos ?? 0) / 1e6)).toISOString();
}

export function fingerprintOf(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonicalJson(child)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
