import type { OrderView } from '../../src/domain';
import { eventually, sleep } from '../kit';
import { countBy, recordFigures } from './support/figures';
import { expectInvariants } from './support/invariants';
import { ReadLoad } from './support/read-load';
import type { RelayedAnswer } from './support/round-robin-proxy';
import { runningActivities, workerIdentities } from './support/activities';
import { useCluster } from './support/voie-cluster';

/** How long each outage lasts, in real time (the simulators keep moving orders and sending webhooks meanwhile). */
const OUTAGE_MS = 15_000;

/**
 * Restarts under load: the Temporal server, then its PostgreSQL, each away for {@link OUTAGE_MS} with orders open
 * and provider webhooks arriving; then supervisors' SIGTERM to a worker and an API. Orders take a few seconds at the
 * providers (1 s steps), so they are open when the fault strikes.
 */
describe('restarts with orders open', () => {
  const cluster = useCluster({ apis: 2, workers: 2, stepDelayMs: 1_000 });

  it('a Temporal server restart: webhooks get 503 while it is away, never 200, and every order finishes', async () => {
    const placed = await placeOrders(20);
    await providerOrdersPlaced(placed);
    const away = await outage(
      () => cluster.temporal.stop(),
      () => cluster.temporal.resume(),
    );
    const figures = await expectInvariants(cluster, placed);

    expectNoWebhookAcknowledgedWhileAway(away);
    recordFigures('Temporal server restart', { ...figures, ...away.figures, secondsToRecover: seconds(away.endedAt) });
  });

  it('a PostgreSQL restart: webhooks get 503 while it is away, never 200, and every order finishes', async () => {
    const placed = await placeOrders(20);
    await providerOrdersPlaced(placed);
    const away = await outage(
      () => cluster.temporal.postgres.stop(),
      () => cluster.temporal.postgres.resume(),
    );
    const figures = await expectInvariants(cluster, placed);

    expectNoWebhookAcknowledgedWhileAway(away);
    recordFigures('PostgreSQL restart', { ...figures, ...away.figures, secondsToRecover: seconds(away.endedAt) });
  });

  it('SIGTERM to a worker and an API under load: both drain and exit 0, and every order finishes', async () => {
    // Slow provider answers: the worker has calls running when the signal comes.
    for (const provider of ['truework', 'truv'] as const) {
      await cluster.setProviderFaults(provider, { responseDelayMs: 1_500 });
    }
    const placed = await placeOrders(20);
    // The LOS keeps reading its orders throughout: reads the stopping worker cannot answer must not be 500s.
    const reads = new ReadLoad(cluster, placed);
    const [worker, api] = [cluster.workers[0]!, cluster.apis[0]!];
    const identities = workerIdentities(worker);
    const inFlight = await eventually(
      async () => {
        const running = await runningActivities(cluster, placed);
        return running.filter((activity) => identities.has(activity.worker)).length || undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'activities running on the worker to stop' },
    );
    const signaledAt = Date.now();
    const [workerExit, apiExit] = await Promise.all([worker.process.stop(), api.process.stop()]);
    const drainSeconds = seconds(signaledAt);
    // Keep-alive connections the draining API closed as the balancer reused them (it retries those elsewhere).
    const apiUrl = `http://127.0.0.1:${api.port!}`;
    const resets = cluster.proxy.refusals.filter(
      (refusal) => refusal.backend === apiUrl && refusal.at >= signaledAt && !refusal.error.includes('ECONNREFUSED'),
    ).length;
    for (const provider of ['truework', 'truv'] as const) await cluster.resetProviderFaults(provider);
    await cluster.startWorker();

    expect({ workerExit, apiExit }).toEqual({ workerExit: 0, apiExit: 0 });
    const figures = await expectInvariants(cluster, placed);
    const readsByStatus = await reads.stop();
    expect(reads.answers.filter((answer) => answer.status >= 500 && answer.status !== 503)).toEqual([]);
    recordFigures('SIGTERM to a worker and an API', {
      ...figures,
      activitiesInFlightOnWorker: inFlight,
      readsThroughout: readsByStatus,
      keepAliveResetsRetried: resets,
      drainSeconds,
      secondsToRecover: seconds(signaledAt),
    });
  });

  /** Waits until every order has its provider order: from then on the providers move them and send webhooks. */
  async function providerOrdersPlaced(orders: OrderView[]): Promise<void> {
    await eventually(
      async () => {
        const keys = new Set([
          ...(await cluster.providerOrders<{ search_key: string }>('truework')).map((order) => order.search_key),
          ...(await cluster.providerOrders<{ order_number: string }>('truv')).map((order) => order.order_number),
        ]);
        return orders.every((order) => keys.has(order.id));
      },
      { timeoutMs: 60_000, intervalMs: 100, what: 'a provider order for every order' },
    );
  }

  async function placeOrders(count: number): Promise<OrderView[]> {
    const providers = Array.from({ length: count }, (_, index) => (index % 2 === 0 ? 'truework' : 'truv'));
    return Promise.all(providers.map((provider) => cluster.placeOrder(provider)));
  }

  /**
   * Stops a part with `stop`, lets it stay away {@link OUTAGE_MS}, then brings it back with `recover`; returns the
   * webhooks that met the outage, with when and how each was answered.
   */
  async function outage(stop: () => Promise<void>, recover: () => Promise<void>): Promise<Outage> {
    await stop();
    const stoppedAt = Date.now();
    await sleep(OUTAGE_MS);
    const endedAt = Date.now();
    await recover();
    // Webhooks that met the outage: answered after the part was gone, received before it came back.
    const webhooks = cluster.proxy.answers.filter(
      (answer) =>
        answer.path.startsWith('/webhooks/') && answer.answeredAt >= stoppedAt && answer.receivedAt <= endedAt,
    );
    const answeredWhileAway = webhooks.filter(
      (answer) => answer.answeredAt >= stoppedAt && answer.answeredAt <= endedAt,
    );
    return {
      webhooks,
      stoppedAt,
      endedAt,
      figures: {
        outageSeconds: (endedAt - stoppedAt) / 1000,
        webhooksDuringOutage: webhooks.length,
        answeredWhileAway: countBy(answeredWhileAway.map((answer) => String(answer.status))),
        heldUntilBack: countBy(
          webhooks.filter((answer) => answer.answeredAt > endedAt).map((answer) => String(answer.status)),
        ),
      },
    };
  }
});

/** The webhooks that came in during an outage, and what docs/operations.md reports of them. */
interface Outage {
  webhooks: RelayedAnswer[];
  /** The part was gone from then on (its stop had completed). */
  stoppedAt: number;
  /** The recovery began then. */
  endedAt: number;
  figures: Record<string, unknown>;
}

/**
 * Webhooks came in while Temporal (or its database) was away, and every one answered before it was back was
 * answered 503 (the provider retries): none acknowledged that voie could not hand over.
 */
function expectNoWebhookAcknowledgedWhileAway(away: Outage): void {
  const answeredWhileAway = away.webhooks.filter((answer) => answer.answeredAt <= away.endedAt);
  expect(answeredWhileAway.length).toBeGreaterThan(0);
  expect(answeredWhileAway.filter((answer) => answer.status !== 503)).toEqual([]);
}

function seconds(since: number): number {
  return (Date.now() - since) / 1000;
}
