import { VOIE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { countBy, recordFigures } from './support/figures';
import { expectInvariants } from './support/invariants';
import { useCluster } from './support/voie-cluster';

/**
 * voie as a lender runs it: two `voie api` and two `voie worker` processes on a Temporal server with PostgreSQL,
 * the providers (simulated) in a process of their own, the LOS calling through a round-robin load balancer.
 */
describe('voie on a production-shaped cluster', () => {
  const cluster = useCluster({ apis: 2, workers: 2 });

  it('has its search attributes registered by voie api, as in production', async () => {
    const connection = await cluster.temporal.connect();
    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({
        namespace: cluster.temporal.namespace,
      });
      const registered = VOIE_SEARCH_ATTRIBUTES.map((key) => key.name).filter((name) => customAttributes?.[name]);
      expect(registered).toEqual(VOIE_SEARCH_ATTRIBUTES.map((key) => key.name));
    } finally {
      await connection.close();
    }
  });

  it('completes 20 orders placed round-robin on two APIs, one provider order each, every result delivered', async () => {
    const started = Date.now();
    const providers = Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? 'truework' : 'truv'));
    const placed = await Promise.all(providers.map((provider) => cluster.placeOrder(provider)));

    const figures = await expectInvariants(cluster, placed);
    recordFigures('20 orders', { ...figures, seconds: (Date.now() - started) / 1000 });

    // Both APIs served the LOS and the providers' webhooks.
    const backends = new Set(cluster.proxy.answers.map((answer) => answer.backend));
    expect([...backends].sort()).toEqual([...cluster.apiUrls].sort());
    expect(cluster.proxy.answers.filter((answer) => answer.path.startsWith('/webhooks/')).length).toBeGreaterThan(0);
  });

  it('survives a webhook flood: every provider webhook ten times, out of order, and nothing happens twice', async () => {
    cluster.proxy.floodWebhooks(10);
    const started = Date.now();
    const providers = Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? 'truework' : 'truv'));
    const placed = await Promise.all(providers.map((provider) => cluster.placeOrder(provider)));
    try {
      const figures = await expectInvariants(cluster, placed);
      const copies = cluster.proxy.answers.filter((answer) => answer.copy && answer.receivedAt >= started);
      recordFigures('webhook flood (x10)', {
        ...figures,
        webhookCopiesSent: copies.length,
        copiesAnswered: countBy(copies.map((answer) => String(answer.status))),
        seconds: (Date.now() - started) / 1000,
      });
      expect(copies.length).toBeGreaterThan(20 * 9);
    } finally {
      cluster.proxy.floodWebhooks(1);
    }
  });

  it('stops on SIGTERM as a supervisor stops it: every voie process exits 0, nothing left listening', async () => {
    const exitCodes = await cluster.stop();
    expect(exitCodes).toEqual({ 'voie api #1': 0, 'voie api #2': 0, 'voie worker #1': 0, 'voie worker #2': 0 });
    expect(await cluster.stillListening()).toEqual([]);
  });
});
