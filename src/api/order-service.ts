import { createHash } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import {
  isGrpcServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import { ApplicationFailure } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';
import { FailureType } from '../../workflows/failure-types';
import type { CursorSealer } from './cursor';
import {
  cancelOrderUpdate,
  orderQuery,
  orderRecordQuery,
  patchOrderUpdate,
  providerHintSignal,
  providerHintsSignal,
  redeliveryLogQuery,
  reportQuery,
  reverifyNowUpdate,
} from '../../workflows/messages';
import type { OrderRecord } from '../../workflows/order-record';
import { redeliveryWorkflowId, resultRedelivery } from '../../workflows/result-redelivery';
import { initialView } from '../../workflows/public';
import type {
  DeliveryAttempt,
  DeliveryEventType,
  OrderPolicy,
  OrderReport,
  OrderRequest,
  OrderStatus,
  OrderView,
  ProviderHint,
} from '../domain';
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

/** gRPC's NOT_FOUND: the workflow does not exist. */
const GRPC_NOT_FOUND = 5;

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
export type RedeliverResult =
  | { kind: 'accepted'; webhookId: string; type: DeliveryEventType }
  | { kind: 'nothing-delivered' }
  | { kind: 'not-found' };
/** How a change of the re-verification before closing went; `refused` says why (the API's 409). */
export type ReverificationChangeResult =
  { kind: 'accepted'; order: OrderView } | { kind: 'refused' | 'invalid'; reason: string } | { kind: 'not-found' };

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
    try {
      await this.client.workflow.start(verificationOrder, {
        workflowId: orderId,
        taskQueue: ORDERS_TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        memo: { fingerprint },
        staticSummary: orderSummary(request),
        typedSearchAttributes: [
          { key: VoieProvider, value: request.provider },
          { key: VoieStatus, value: 'creating' },
          { key: VoieExternalId, value: request.external_id },
          ...(request.loan_id ? [{ key: VoieLoanId, value: request.loan_id }] : []),
        ],
      });
      return { kind: 'created', order: initialView(input) };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    const handle = this.client.workflow.getHandle(orderId);
    const { memo } = await handle.describe();
    if (memo?.fingerprint !== fingerprint) return { kind: 'conflict' };
    const existing = await this.get(orderId);
    if (!existing) throw new WorkflowNotFoundError(`order ${orderId} vanished`, orderId, undefined);
    return { kind: 'existing', order: existing };
  }

  async get(orderId: string): Promise<OrderView | undefined> {
    return this.read(orderId, (record) => record.order, orderQuery);
  }

  async report(orderId: string): Promise<OrderReport | null | undefined> {
    return this.read(orderId, (record) => record.report, reportQuery);
  }

  /** Every delivery attempt of the order's result events, the order's own and its redeliveries', oldest first. */
  async deliveries(orderId: string): Promise<DeliveryAttempt[] | undefined> {
    const own = await this.read(
      orderId,
      (record) => record.deliveries,
      orderRecordQuery,
      (r) => r.deliveries,
    );
    if (!own) return undefined;
    const redeliveries = (await this.redeliveryLog(orderId)) ?? { attempts: [] };
    return [...own, ...redeliveries.attempts].sort((a, b) => a.at.localeCompare(b.at));
  }

  /**
   * Sends the order's latest result event again, with its `webhook-id`, on the normal retry schedule, in a
   * redelivery workflow of its own (an ended order's workflow takes no update). A redelivery still under way is the
   * one asked for.
   */
  async redeliver(orderId: string): Promise<RedeliverResult> {
    const record = await this.read(orderId, (r) => r, orderRecordQuery);
    if (!record) return { kind: 'not-found' };
    const delivery = record.lastDelivery;
    if (!delivery) return { kind: 'nothing-delivered' };
    const earlier = await this.redeliveryLog(orderId);
    const accepted = { kind: 'accepted', webhookId: delivery.webhookId, type: delivery.type } as const;
    if (earlier?.open) return accepted;
    const attemptsSoFar = [...record.deliveries, ...(earlier?.attempts ?? [])].filter(
      (attempt) => attempt.webhook_id === delivery.webhookId,
    ).length;
    await this.answered(() =>
      this.client.workflow.start(resultRedelivery, {
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

  /** Sets, moves or clears the closing date (`PATCH /v1/orders/{id}`). */
  patch(
    orderId: string,
    closingDate: string | null,
    defaults: { businessDays: number; timeZone: string },
  ): Promise<ReverificationChangeResult> {
    return this.changeReverification(orderId, (handle) =>
      handle.executeUpdate(patchOrderUpdate, { args: [{ closing_date: closingDate, defaults }] }),
    );
  }

  /** Runs the re-verification before closing now (`POST /v1/orders/{id}/reverify`). */
  reverify(orderId: string): Promise<ReverificationChangeResult> {
    return this.changeReverification(orderId, (handle) => handle.executeUpdate(reverifyNowUpdate, { args: [] }));
  }

  private async changeReverification(
    orderId: string,
    update: (handle: WorkflowHandle<typeof verificationOrder>) => Promise<OrderView>,
  ): Promise<ReverificationChangeResult> {
    try {
      return { kind: 'accepted', order: await this.answered(() => update(this.handle(orderId))) };
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
    // The workflow is closed (the order and any re-verification ended) or never existed.
    const order = await this.get(orderId);
    if (!order) return { kind: 'not-found' };
    const reverification = order.reverification ? `its re-verification is ${order.reverification.status}` : null;
    return { kind: 'refused', reason: `the order is ${order.status}${reverification ? ` and ${reverification}` : ''}` };
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

  /**
   * Reads an order: an ended one from its workflow's close event (no worker, no replay), an open one (or one ended
   * by code older than the order record) by a query, which a worker answers.
   */
  private async read<T, Q>(
    orderId: string,
    fromRecord: (record: OrderRecord) => T,
    query: QueryDefinition<Q>,
    fromQuery: (answer: Q) => T = (answer) => answer as unknown as T,
  ): Promise<T | undefined> {
    return this.ifExists(async () => {
      const { result } = await this.closeResult(orderId);
      if (result !== undefined) return fromRecord(result as OrderRecord);
      return fromQuery(await this.answered(() => this.handle(orderId).query(query)));
    });
  }

  /**
   * Whether a workflow's latest run is running, and its result if it completed (none if it ended otherwise).
   * Describe says whether it is closed (not the order's status: a completed order may still wait on a timer), then
   * one history call returns only the close event. Temporal serves both from its store, no worker involved. (Asked
   * of a running workflow, the close-event call would wait for the close: hence describe first.)
   */
  private async closeResult(workflowId: string): Promise<{ running: boolean; result?: unknown }> {
    const { namespace, loadedDataConverter } = this.client.options;
    const { status } = await this.answered(() => this.client.workflow.getHandle(workflowId).describe());
    if (status.name !== 'COMPLETED') return { running: status.name === 'RUNNING' };
    const { history } = await this.answered(() =>
      this.client.workflowService.getWorkflowExecutionHistory({
        namespace,
        execution: { workflowId },
        historyEventFilterType: temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
        skipArchival: true,
      }),
    ).catch((err: unknown) => {
      if (isGrpcServiceError(err) && Number(err.code) === GRPC_NOT_FOUND) {
        throw new WorkflowNotFoundError(`no workflow ${workflowId}`, workflowId, undefined);
      }
      throw err;
    });
    const completed = history?.events?.[0]?.workflowExecutionCompletedEventAttributes;
    const result: unknown = completed
      ? await decodeFromPayloadsAtIndex(loadedDataConverter, 0, completed.result?.payloads)
      : undefined;
    return { running: false, result };
  }

  /** The order's redelivery log, and whether a redelivery is under way; undefined if none was ever asked for. */
  private async redeliveryLog(orderId: string): Promise<{ open: boolean; attempts: DeliveryAttempt[] } | undefined> {
    const workflowId = redeliveryWorkflowId(orderId);
    return this.ifExists(async () => {
      const { running, result } = await this.closeResult(workflowId);
      if (!running) return { open: false, attempts: (result as DeliveryAttempt[] | undefined) ?? [] };
      const handle = this.client.workflow.getHandle<typeof resultRedelivery>(workflowId);
      return { open: true, attempts: await this.answered(() => handle.query(redeliveryLogQuery)) };
    });
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
