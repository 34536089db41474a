/**
 * Many orders waiting on their applicants (Truv orders whose applicant never acts): what they cost the API and the
 * worker while they wait, and whether their polling stays under the provider's limit.
 */
import { loadConfig } from '../src/config';
import { truv } from '../src/providers/truv';
import type { BenchEnvironment } from './environment';
import { CONCURRENCY } from './ingress';
import type { Row } from './table';
import { percentile, runBatch, waitFor } from './stats';

const OPEN_ORDERS = Number(process.env.BENCH_OPEN_ORDERS ?? 10_000);
const GETS = Number(process.env.BENCH_GETS ?? 500);
/** Placements measured with few and with many open; they stay open too. */
const PLACEMENTS = 200;

interface Load {
  apiRssMiB: number;
  workerRssMiB: number;
  getP99Ms: number;
  placementRate: number;
}

/**
 * Places `count` orders that stay open at `concurrency`; resolves with their ids and the placement rate once each is
 * created at Truv and the worker has gone quiet.
 */
async function placeOpenOrders(
  bench: BenchEnvironment,
  count: number,
  concurrency = CONCURRENCY * 2,
): Promise<{ ids: string[]; rate: number }> {
  const ids: string[] = [];
  const before = bench.truv.listOrders().length;
  const started = Date.now();
  const placed = await runBatch(count, concurrency, async () => {
    ids.push((await bench.placeOrder(bench.truvOrder('Idle'))).id);
    if (ids.length % 1000 === 0) {
      process.stderr.write(`  ${ids.length} open orders placed in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }
  });
  await waitFor('every open order to exist at Truv', () => bench.truv.listOrders().length - before >= count, 600_000);
  // Created is not yet read: wait until the provider hears nothing for a few seconds.
  let calls = -1;
  await waitFor(
    'the worker to go quiet',
    () => {
      const now = bench.truv.requests.length;
      const quiet = now === calls;
      calls = now;
      return quiet;
    },
    600_000,
    3_000,
  );
  return { ids, rate: placed.rate };
}

/** Reads of open orders picked across `openIds`, then placements of more orders that stay open. */
async function measureLoad(bench: BenchEnvironment, openIds: string[]): Promise<Load> {
  const gets = await runBatch(GETS, CONCURRENCY, async (i) => {
    const response = await bench.request('GET', `/v1/orders/${openIds[(i * 7919) % openIds.length]!}`);
    if (response.status !== 200) throw new Error(`GET answered ${response.status}`);
  });
  return {
    apiRssMiB: bench.api.rssMiB(),
    workerRssMiB: bench.voieWorker.rssMiB(),
    getP99Ms: percentile(gets.latencies, 99),
    placementRate: (await placeOpenOrders(bench, PLACEMENTS, CONCURRENCY)).rate,
  };
}

export async function benchOpenOrders(bench: BenchEnvironment): Promise<Row[]> {
  // A few open orders to read in the "none open" case: reads of open orders, but too few to weigh.
  const few = (await placeOpenOrders(bench, 20)).ids;
  // Each read once first: the figure is of reads of orders the worker holds, not of its first replay of each.
  await Promise.all(few.map((id) => bench.request('GET', `/v1/orders/${id}`)));
  const idle = await measureLoad(bench, few);
  const many = [...few, ...(await placeOpenOrders(bench, OPEN_ORDERS)).ids];
  const loaded = await measureLoad(bench, many);
  // The baseline's placements stay open too.
  const openCount = many.length + PLACEMENTS;
  const label = `${openCount} open`;
  const config = loadConfig({});
  // Every open order is read once per poll interval; the interval doubles up to the max while nothing happens, so
  // the load is highest right after the orders are placed and lowest once every poll has backed off.
  const pollsFirst = openCount / (config.pollIntervalMs / 1000);
  const pollsBackedOff = openCount / (config.pollIntervalMaxMs / 1000);
  return [
    {
      figure: `api RSS, ${label} (MiB)`,
      value: loaded.apiRssMiB,
      baseline: { name: `${few.length} open`, value: idle.apiRssMiB },
      better: 'lower',
    },
    {
      figure: `worker RSS, ${label} (MiB)`,
      value: loaded.workerRssMiB,
      baseline: { name: `${few.length} open`, value: idle.workerRssMiB },
      better: 'lower',
    },
    {
      figure: `GET /v1/orders/{id} p99, ${label} (ms)`,
      value: loaded.getP99Ms,
      baseline: { name: `${few.length} open`, value: idle.getP99Ms },
      better: 'lower',
    },
    {
      figure: `placement c=${CONCURRENCY}, ${label} (orders/s)`,
      value: loaded.placementRate,
      baseline: { name: `${few.length} open`, value: idle.placementRate },
      better: 'higher',
    },
    {
      figure: `truv polls, ${label}, every ${config.pollIntervalMs / 60_000} min (req/s)`,
      value: pollsFirst,
      baseline: { name: 'truv limit req/s', value: truv.requestsPerSecond },
      better: 'lower',
      goal: '≥ 1',
    },
    {
      figure: `truv polls, ${label}, backed off to ${config.pollIntervalMaxMs / 3_600_000} h (req/s)`,
      value: pollsBackedOff,
      baseline: { name: 'truv limit req/s', value: truv.requestsPerSecond },
      better: 'lower',
      goal: '≥ 1',
    },
  ];
}
