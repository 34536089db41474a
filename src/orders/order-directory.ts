import type { temporal } from '@temporalio/proto';
import type { OrderStatus, OrderSummary } from '../domain';
import type { WebhookTarget } from '../providers/provider';
import {
  DEFAULT_TENANT,
  VERIFICATION_ORDER_WORKFLOW,
  VoieCorrelationIds,
  VoieExternalId,
  VoieLoanId,
  VoieProvider,
  VoieProviderOrderId,
  VoieStatus,
  VoieTenant,
} from '../../workflows/public';
import type { WorkflowCalls } from './workflow-calls';

/** The filters of `GET /v1/orders`, each an exact match on a search attribute. */
export interface ListFilter {
  status?: string;
  provider?: string;
  external_id?: string;
  loan_id?: string;
}

/** One page of orders, and Temporal's token of the next (null on the last page). */
export interface OrderPage {
  orders: OrderSummary[];
  nextPageToken: Uint8Array | null;
}

type ExecutionInfo = temporal.api.workflow.v1.IWorkflowExecutionInfo;

/** Finds orders by their search attributes, in Temporal's visibility store: no worker involved. */
export class OrderDirectory {
  constructor(private readonly workflows: WorkflowCalls) {}

  /** A page of the tenant's orders matching every filter given. */
  async list(tenant: string, filter: ListFilter, limit: number, pageToken?: Uint8Array): Promise<OrderPage> {
    // A run that continued as new is history of an order still listed through its latest run.
    const clauses = [
      `WorkflowType = '${VERIFICATION_ORDER_WORKFLOW}'`,
      `ExecutionStatus != 'ContinuedAsNew'`,
      tenantClause(tenant),
    ];
    const byKey = { status: VoieStatus, provider: VoieProvider, external_id: VoieExternalId, loan_id: VoieLoanId };
    for (const [name, key] of Object.entries(byKey)) {
      const value = filter[name as keyof ListFilter];
      if (value) clauses.push(`${key.name} = ${quote(value)}`);
    }
    const { client } = this.workflows;
    // The service call, not `client.workflow.list()`: that one pages by itself and hides the token a cursor needs.
    const response = await this.workflows.answered(() =>
      client.workflowService.listWorkflowExecutions({
        namespace: client.options.namespace,
        query: clauses.join(' AND '),
        pageSize: limit,
        nextPageToken: pageToken,
      }),
    );
    const token = response.nextPageToken;
    return { orders: (response.executions ?? []).map(summaryOf), nextPageToken: token && token.length ? token : null };
  }

  /**
   * The order a webhook without voie's id concerns, by search attribute: the provider order id (the first provider
   * order's, or that of another employer's among the recorded ids), else another provider id the order recorded
   * (Truv user and link ids). Undefined when no order has any of them.
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
      const found = await this.workflows.answered(async () => {
        for await (const execution of this.workflows.client.workflow.list({ query, pageSize: 1 })) {
          return execution.workflowId;
        }
        return undefined;
      });
      if (found) return found;
    }
    return undefined;
  }
}

/** The tenant's orders: those that name it, and for `default` also those placed before orders named their tenant. */
function tenantClause(tenant: string): string {
  const names = `${VoieTenant.name} = ${quote(tenant)}`;
  return tenant === DEFAULT_TENANT ? `(${names} OR ${VoieTenant.name} IS NULL)` : names;
}

/** The row of one execution: its search attributes (keywords, JSON-encoded by Temporal's default converter). */
function summaryOf(execution: ExecutionInfo): OrderSummary {
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
}

/** Visibility queries take single-quoted strings; every value reaching here was validated, but escape anyway. */
function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function timestamp(value: { seconds?: unknown; nanos?: number | null } | null | undefined): string | null {
  if (!value?.seconds) return null;
  return new Date(Number(value.seconds) * 1000 + Math.floor((value.nanos ?? 0) / 1e6)).toISOString();
}
