import type { OrderView } from '../../src/domain';
import { findProvider } from '../../src/providers/registry';
import type { SimulatedRequest } from '../../dev/simulators/kit/http-server';
import { sleep } from '../kit';
import { countBy, recordFigures } from './support/figures';
import { expectInvariants } from './support/invariants';
import { useCluster } from './support/voie-cluster';

/** How long each provider answers 503 to everything, then 429 with `Retry-After`, in real time. */
const UNAVAILABLE_MS = 60_000;
const THROTTLED_MS = 30_000;
const RETRY_AFTER_SECONDS = 5;
const PROVIDERS = ['truework', 'truv'] as const;
/**
 * Both providers go down with orders open: every API request answers 503 for a minute, then 429 with `Retry-After`
 * for half a minute (the provider back but shedding load), then they serve again. Orders wait it out and finish; the
 * calls that follow stay within each provider's rate limit, which the providers enforce throughout as they would (a
 * bucket of one second's requests) and the workers' task queues keep to.
 */
describe('a provider outage', () => {
  const cluster = useCluster({ apis: 2, workers: 2 });

  it('orders wait out 503s then 429s and finish after it, within the provider rate limit', async () => {
    for (const provider of PROVIDERS) {
      const rateLimit = { requestsPerSecond: findProvider(provider)!.requestsPerSecond };
      await cluster.setProviderFaults(provider, { rateLimit, failAllRequests: { status: 503 } });
    }
    const downAt = Date.now();
    const placed: OrderView[] = await Promise.all(
      Array.from({ length: 40 }, (_, index) => cluster.placeOrder(PROVIDERS[index % 2]!)),
    );
    await sleep(UNAVAILABLE_MS);
    const throttle = { status: 429, retryAfterSeconds: RETRY_AFTER_SECONDS };
    for (const provider of PROVIDERS) await cluster.setProviderFaults(provider, { failAllRequests: throttle });
    await sleep(THROTTLED_MS);
    for (const provider of PROVIDERS) await cluster.setProviderFaults(provider, { failAllRequests: null });
    const backAt = Date.now();

    const figures = await expectInvariants(cluster, placed);
    const recoveredSeconds = (Date.now() - backAt) / 1000;

    const perProvider: Record<string, object> = {};
    for (const provider of PROVIDERS) {
      const requests = await cluster.providerRequests(provider);
      const duringOutage = requests.filter((request) => request.at >= downAt && request.at < backAt);
      const afterOutage = requests.filter((request) => request.at >= backAt);
      const limit = findProvider(provider)!.requestsPerSecond;
      const refusedForRate = afterOutage.filter((request) => request.status === 429);
      perProvider[provider] = {
        refusedDuringOutage: countBy(duringOutage.map((request) => String(request.status))),
        callsAfterOutage: afterOutage.length,
        refusedForRateAfterOutage: refusedForRate.length,
        busiestSecondAfterOutage: busiestSecond(afterOutage),
        callsPerSecondAfterOutage: Number((afterOutage.length / spanSeconds(afterOutage)).toFixed(1)),
        rateLimit: limit,
      };
      // The providers were called and refused while down; nothing was created then.
      expect(duringOutage.length).toBeGreaterThan(0);
      expect(duringOutage.filter((request) => request.status !== 503 && request.status !== 429)).toEqual([]);
      // After it, voie kept to the provider's limit (its queues start calls at 90% of it): the provider had no call
      // to refuse for it, or one now and then that arrived early (a call's way from Temporal's dispatch to the
      // provider varies), which waited for its Retry-After. A client at the full limit had one refused in 41 calls.
      expect(refusedForRate.length).toBeLessThanOrEqual(afterOutage.length / 20);
    }
    recordFigures('provider outage (503, then 429)', {
      ...figures,
      outageSeconds: (backAt - downAt) / 1000,
      unavailableSeconds: UNAVAILABLE_MS / 1000,
      throttledSeconds: THROTTLED_MS / 1000,
      secondsToRecover: recoveredSeconds,
      ...perProvider,
    });
  });
});

/** The most requests that arrived within any one second. */
function busiestSecond(requests: SimulatedRequest[]): number {
  const times = requests.map((request) => request.at).sort((a, b) => a - b);
  let busiest = 0;
  for (let first = 0, last = 0; last < times.length; last += 1) {
    while (times[last]! - times[first]! >= 1_000) first += 1;
    busiest = Math.max(busiest, last - first + 1);
  }
  return busiest;
}

/** Seconds from the first request to the last (at least one). */
function spanSeconds(requests: SimulatedRequest[]): number {
  const times = requests.map((request) => request.at);
  return Math.max(1, (Math.max(...times) - Math.min(...times)) / 1000);
}
