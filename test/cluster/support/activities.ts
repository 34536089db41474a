import { hostname } from 'node:os';
import { temporal } from '@temporalio/proto';
import type { OrderView } from '../../../src/domain';
import type { VoieCluster, VoieProcess } from './voie-cluster';

const { PendingActivityState } = temporal.api.enums.v1;

/** An activity a worker had started and not finished, as Temporal's describe shows it. */
export interface InFlight {
  orderId: string;
  activity: string;
  /** The identity of the worker running it (the SDK's default, `pid@host`). */
  worker: string;
}

/** The identities a `voie worker` process's workers poll with: `pid@host` of each process of its group. */
export function workerIdentities(worker: VoieProcess): Set<string> {
  return new Set(worker.process.groupProcessIds().map((pid) => `${pid}@${hostname()}`));
}

/** The activities Temporal shows as started (running on a worker) for these orders. */
export async function runningActivities(cluster: VoieCluster, orders: OrderView[]): Promise<InFlight[]> {
  const connection = await cluster.temporal.connect();
  try {
    const described = await Promise.all(
      orders.map(async (order) => ({
        orderId: order.id,
        pending: (
          await connection.workflowService.describeWorkflowExecution({
            namespace: cluster.temporal.namespace,
            execution: { workflowId: order.id },
          })
        ).pendingActivities,
      })),
    );
    return described.flatMap(({ orderId, pending }) =>
      (pending ?? [])
        .filter((activity) => activity.state === PendingActivityState.PENDING_ACTIVITY_STATE_STARTED)
        .map((activity) => ({
          orderId,
          activity: activity.activityType?.name ?? '?',
          worker: activity.lastWorkerIdentity ?? '?',
        })),
    );
  } finally {
    await connection.close();
  }
}
