import type { OrderView } from '../../src/domain';
import { eventually, type ReceivedDelivery } from '../kit';
import { countBy, recordFigures } from './support/figures';
import { expectInvariants } from './support/invariants';
import { runningActivities, workerIdentities } from './support/activities';
import { useCluster } from './support/voie-cluster';

/** How long the LOS holds each delivery before it answers: deliveries are in flight when the worker dies. */
const LOS_HOLD_MS = 3_000;

/**
 * `kill -9` of a `voie worker` (the machine dies: no shutdown, no goodbye to Temporal) while ~50 orders have
 * activities running on it, result deliveries among them; its supervisor starts a new one. Nothing may be lost or
 * done twice: a delivery the LOS received but whose answer died with the worker is sent again, under its
 * `webhook-id`.
 */
describe('a voie worker killed with orders in flight', () => {
  const cluster = useCluster({ apis: 2, workers: 2 });

  it('loses no order and places no provider order twice', async () => {
    // Slow provider answers keep calls open on the workers (the provider has done the work when the worker dies).
    for (const provider of ['truework', 'truv'] as const) {
      await cluster.setProviderFaults(provider, { responseDelayMs: 1_500 });
    }
    cluster.receiver.holdAnswers(LOS_HOLD_MS);
    const providers = Array.from({ length: 50 }, (_, index) => (index % 2 === 0 ? 'truework' : 'truv'));
    const placed: OrderView[] = await Promise.all(providers.map((provider) => cluster.placeOrder(provider)));

    const victim = cluster.workers[0]!;
    const victimIdentities = workerIdentities(victim);
    const inFlight = await eventually(
      async () => {
        const running = (await runningActivities(cluster, placed)).filter((activity) =>
          victimIdentities.has(activity.worker),
        );
        const deliveries = running.filter((activity) => activity.activity === 'deliverResult');
        return running.length >= 5 && deliveries.length >= 2 ? running : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'five activities, two deliveries, running on the worker to kill' },
    );

    const killedAt = Date.now();
    await victim.process.kill();
    // Deliveries the LOS had received and not yet answered when the worker died.
    const heldAtKill = cluster.receiver.received.filter(
      (delivery) => delivery.at <= killedAt && delivery.at + LOS_HOLD_MS > killedAt,
    );
    cluster.receiver.holdAnswers(0);
    await Promise.all((['truework', 'truv'] as const).map((provider) => cluster.resetProviderFaults(provider)));
    await cluster.startWorker();
    const figures = await expectInvariants(cluster, placed);
    // Those whose answer died with the worker came again, under the same webhook-id (the LOS de-duplicates them).
    const resent = heldAtKill.filter((held) =>
      cluster.receiver.received.some(
        (later) => later.at > killedAt && later.headers['webhook-id'] === held.headers['webhook-id'],
      ),
    );

    recordFigures('kill -9 of a worker', {
      ...figures,
      activitiesInFlightOnKilledWorker: inFlight.length,
      byType: countBy(inFlight.map((activity) => activity.activity)),
      openOrdersAtKill: placed.length,
      deliveriesHeldAtKill: heldAtKill.length,
      deliveriesSentAgain: resent.length,
      // For each webhook-id the LOS got more than once: when each copy came, in seconds from the kill.
      copiesAroundKill: copiesAround(cluster.receiver.delivered, killedAt),
      secondsToRecover: (Date.now() - killedAt) / 1000,
    });
    expect(inFlight.length).toBeGreaterThanOrEqual(5);
    expect(resent.length).toBeGreaterThan(0);
  });
});

/** For each `webhook-id` received more than once, when each copy came, in seconds from `moment` (one decimal). */
function copiesAround(deliveries: ReceivedDelivery[], moment: number): number[][] {
  const byId = new Map<unknown, number[]>();
  for (const delivery of deliveries) {
    const id = delivery.headers['webhook-id'];
    byId.set(id, [...(byId.get(id) ?? []), Math.round((delivery.at - moment) / 100) / 10]);
  }
  return [...byId.values()].filter((copies) => copies.length > 1);
}
