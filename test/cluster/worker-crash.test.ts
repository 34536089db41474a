import { hostname } from 'node:os';
import { temporal } from '@temporalio/proto';
import type { OrderView } from '../../src/domain';
import { eventually } from '../support/wait';
import { countBy, recordFigures } from './support/figures';
import { expectInvariants } from './support/invariants';
import { VoieCluster } from './support/voie-cluster';

const { PendingActivityState } = temporal.api.enums.v1;

/** An activity a worker had started and not finished, as Temporal's describe shows it. */
interface InFlight {
  orderId: string;
  activity: string;
  worker: string;
}

/**
 * `kill -9` of a `voie worker` (the machine dies: no shutdown, no goodbye to Temporal) while ~50 orders have
 * activities running on it; its supervisor starts a new one. Nothing may be lost or done twice.
 */
describe('a voie worker killed with orders in flight', () => {
  let cluster: VoieCluster;

  beforeAll(async () => {
    cluster = await VoieCluster.start({ apis: 2, workers: 2 });
  }, 900_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 120_000);

  it('loses no order and places no provider order twice', async () => {
    // Slow provider answers keep calls open on the workers (the provider has done the work when the worker dies).
    for (const provider of ['truework', 'truv'] as const) {
      await cluster.setProviderFaults(provider, { responseDelayMs: 1_500 });
    }
    const providers = Array.from({ length: 50 }, (_, index) => (index % 2 === 0 ? 'truework' : 'truv'));
    const placed: OrderView[] = await Promise.all(providers.map((provider) => cluster.placeOrder(provider)));

    const victim = cluster.workers[0]!;
    const victimIdentities = new Set(victim.process.groupProcessIds().map((pid) => `${pid}@${hostname()}`));
    const inFlight = await eventually(
      async () => {
        const running = (await runningActivities(cluster, placed)).filter((activity) =>
          victimIdentities.has(activity.worker),
        );
        return running.length >= 5 ? running : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'five activities running on the worker to kill' },
    );

    const killedAt = Date.now();
    await victim.process.kill();
    await Promise.all((['truework', 'truv'] as const).map((provider) => cluster.resetProviderFaults(provider)));
    await cluster.startWorker();
    const figures = await expectInvariants(cluster, placed);

    recordFigures('kill -9 of a worker', {
      ...figures,
      activitiesInFlightOnKilledWorker: inFlight.length,
      byType: countBy(inFlight.map((activity) => activity.activity)),
      openOrdersAtKill: placed.length,
      secondsToRecover: (Date.now() - killedAt) / 1000,
    });
    expect(inFlight.length).toBeGreaterThanOrEqual(5);
  });
});

/** The activities Temporal shows as started (running on a worker) for these orders. */
async function runningActivities(cluster: VoieCluster, orders: OrderView[]): Promise<InFlight[]> {
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
