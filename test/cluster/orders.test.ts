import type { OrderView } from '../../src/domain';
import { eventually } from '../support/wait';
import { VoieCluster } from './support/voie-cluster';

/**
 * voie as a lender runs it: two `voie api` and two `voie worker` processes on a Temporal server with PostgreSQL,
 * the providers (simulated) in a process of their own, the LOS calling through a round-robin load balancer.
 */
describe('voie on a production-shaped cluster', () => {
  let cluster: VoieCluster;

  beforeAll(async () => {
    cluster = await VoieCluster.start({ apis: 2, workers: 2 });
  }, 900_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 120_000);

  it('completes 20 orders placed round-robin on two APIs, one provider order each, every result delivered', async () => {
    const providers = Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? 'truework' : 'truv'));
    const placed = await Promise.all(providers.map((provider) => cluster.placeOrder(provider)));
    const ids = placed.map((order) => order.id);

    const final = await cluster.waitUntilTerminal(ids);
    expect(final.map((order) => order.status)).toEqual(ids.map(() => 'completed'));

    // Every result reached the LOS, once per event after de-duplication by webhook-id.
    const completedEvents = await eventually(
      () => {
        const delivered = ids.map((id) =>
          cluster.receiver.accepted(id).filter((d) => d.body.type === 'order.completed'),
        );
        return delivered.every((events) => events.length > 0) ? delivered : undefined;
      },
      { timeoutMs: 60_000, what: 'an order.completed delivery for every order' },
    );
    for (const events of completedEvents) {
      expect(new Set(events.map((event) => event.headers['webhook-id'])).size).toBe(1);
    }

    // Exactly one provider order per order.
    const trueworkOrders = await cluster.providerOrders<{ search_key: string }>('truework');
    const truvOrders = await cluster.providerOrders<{ order_number: string }>('truv');
    const providerOrderCount = (order: OrderView): number =>
      order.provider === 'truework'
        ? trueworkOrders.filter((providerOrder) => providerOrder.search_key === order.id).length
        : truvOrders.filter((providerOrder) => providerOrder.order_number === order.id).length;
    expect(final.map(providerOrderCount)).toEqual(ids.map(() => 1));
    expect(trueworkOrders).toHaveLength(10);
    expect(truvOrders).toHaveLength(10);

    // Both APIs served the LOS and the providers' webhooks; no request anywhere was answered 500 or went unanswered.
    const backends = new Set(cluster.proxy.answers.map((answer) => answer.backend));
    expect([...backends].sort()).toEqual([...cluster.apiUrls].sort());
    expect(cluster.proxy.answers.filter((answer) => answer.path.startsWith('/webhooks/')).length).toBeGreaterThan(0);
    expect(cluster.proxy.failures).toEqual([]);
  });

  it('stops on SIGTERM as a supervisor stops it: every voie process exits 0, nothing left listening', async () => {
    const exitCodes = await cluster.stop();
    expect(exitCodes).toEqual({ 'voie api #1': 0, 'voie api #2': 0, 'voie worker #1': 0, 'voie worker #2': 0 });
    expect(await cluster.stillListening()).toEqual([]);
  });
});
