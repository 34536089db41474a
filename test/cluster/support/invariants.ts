import { temporal } from '@temporalio/proto';
import type { OrderView } from '../../../src/domain';
import { eventually } from '../../kit';
import type { VoieCluster } from './voie-cluster';

const { WorkflowExecutionStatus } = temporal.api.enums.v1;

/** What a fault test measured once every invariant held: the figures docs/operations.md reports. */
export interface InvariantFigures {
  orders: number;
  providerOrders: number;
  /** Result deliveries the LOS answered 2xx, copies included. */
  deliveriesReceived: number;
  /** Distinct `webhook-id`s among them: what the LOS keeps after de-duplication. */
  distinctDeliveries: number;
  duplicatesRemoved: number;
  /** Requests voie answered `503` (retry later) since the first of these orders was placed. */
  answered503: number;
}

/**
 * The promise of issue 11, checked after a fault: every order reached exactly one terminal status (`expected`) and
 * its workflow came to rest (closed, or for a completed order waiting in its re-verification window with no activity
 * pending and its deliveries settled); exactly one provider order per order; every order's result event reached the
 * LOS, under one `webhook-id` whatever the copies; no request answered 500 or left unanswered.
 */
export async function expectInvariants(
  cluster: VoieCluster,
  orders: OrderView[],
  expected: OrderView['status'] = 'completed',
): Promise<InvariantFigures> {
  const since = Math.min(...orders.map((order) => Date.parse(order.created_at)));
  const ids = orders.map((order) => order.id);
  const final = await cluster.waitUntilTerminal(ids);
  expect(final.map((order) => `${order.id} ${order.status}`)).toEqual(ids.map((id) => `${id} ${expected}`));

  // Every workflow at rest: closed, or a completed order's waiting in its window, its deliveries settled and no
  // activity left behind.
  const connection = await cluster.temporal.connect();
  try {
    await eventually(
      async () => {
        const atRest = await Promise.all(
          ids.map(async (workflowId) => {
            const described = await connection.workflowService.describeWorkflowExecution({
              namespace: cluster.temporal.namespace,
              execution: { workflowId },
            });
            const status = described.workflowExecutionInfo?.status;
            if (status === WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) return true;
            if (status !== WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) return false;
            if ((described.pendingActivities?.length ?? 0) > 0) return false;
            const [order] = await cluster.waitUntilTerminal([workflowId]);
            return order!.status === 'completed' && order!.result?.delivery.state !== 'pending';
          }),
        );
        return atRest.every(Boolean);
      },
      { timeoutMs: 120_000, intervalMs: 1_000, what: 'every order workflow at rest' },
    );
  } finally {
    await connection.close();
  }

  // Exactly one provider order per order.
  const providerOrderKeys = [
    ...(await cluster.providerOrders<{ search_key: string }>('truework')).map((order) => order.search_key),
    ...(await cluster.providerOrders<{ order_number: string }>('truv')).map((order) => order.order_number),
  ].filter((key) => ids.includes(key));
  const providerOrders = (id: string): number => providerOrderKeys.filter((key) => key === id).length;
  expect(ids.map((id) => `${id} ${providerOrders(id)}`)).toEqual(ids.map((id) => `${id} 1`));

  // Each order's result reached the LOS, under exactly one webhook-id however many copies came.
  const received = cluster.receiver.delivered.filter((delivery) => ids.includes(delivery.body.data.order.id));
  const completedIds = ids.map(
    (id) =>
      new Set(
        received
          .filter((delivery) => delivery.body.data.order.id === id && delivery.body.type === `order.${expected}`)
          .map((delivery) => delivery.headers['webhook-id']),
      ).size,
  );
  expect(completedIds).toEqual(ids.map(() => 1));
  const distinct = new Set(received.map((delivery) => delivery.headers['webhook-id']));

  // No request anywhere answered 500 or left unanswered.
  const failures = cluster.proxy.failures.filter((answer) => answer.receivedAt >= since);
  // With each failure, the attempts to reach a backend around it.
  const refusals = cluster.proxy.refusals.filter(({ at }) =>
    failures.some((failure) => at >= failure.receivedAt && at <= failure.answeredAt),
  );
  expect({ failures, refusals }).toEqual({ failures: [], refusals: [] });

  return {
    orders: ids.length,
    providerOrders: providerOrderKeys.length,
    deliveriesReceived: received.length,
    distinctDeliveries: distinct.size,
    duplicatesRemoved: received.length - distinct.size,
    answered503: cluster.proxy.answers.filter((answer) => answer.status === 503 && answer.receivedAt >= since).length,
  };
}
