import type { OrderView } from '../../src/domain';
import { eventually } from '../support/wait';
import { countBy, recordFigures } from './support/figures';
import { expectInvariants } from './support/invariants';
import { runningActivities, workerIdentities } from './support/activities';
import { useCluster } from './support/voie-cluster';

/**
 * `kill -9` of a `voie worker` (the machine dies: no shutdown, no goodbye to Temporal) while ~50 orders have
 * activities running on it; its supervisor starts a new one. Nothing may be lost or done twice.
 */
describe('a voie worker killed with orders in flight', () => {
  const cluster = useCluster({ apis: 2, workers: 2 });

  it('loses no order and places no provider order twice', async () => {
    // Slow provider answers keep calls open on the workers (the provider has done the work when the worker dies).
    for (const provider of ['truework', 'truv'] as const) {
      await cluster.setProviderFaults(provider, { responseDelayMs: 1_500 });
    }
    const providers = Array.from({ length: 50 }, (_, index) => (index % 2 === 0 ? 'truework' : 'truv'));
    const placed: OrderView[] = await Promise.all(providers.map((provider) => cluster.placeOrder(provider)));

    const victim = cluster.workers[0]!;
    const victimIdentities = workerIdentities(victim);
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
