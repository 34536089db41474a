/**
 * Many orders waiting on their applicants (Truv orders whose applicant never acts): what they cost the API and the
 * worker while they wait, and whether their polling stays under the provider's limit.
 */
import { loadConfig } from '../src/config';
import { parseDuration } from '../src/duration';
import { truv } from '../src/providers/truv';
import { READ_TIMEOUT } from '../workflows/public';
import { eventually } from '../test/kit';
import type { BenchEnvironment } from './environment';
import { CONCURRENCY } from './ingress';
import { pollLoad } from './poll-load';
import type { Row } from './table';
import { percentile, runBatch } from './stats';

const OPEN_ORDERS = Number(process.env.BENCH_OPEN_ORDERS ?? 10_000);
const GETS = Number(process.env.BENCH_GETS ?? 500);
/** Placements measured with few and with many open; they stay open too. */
const PLACEMENTS = 200;
/** A poll waiting for the provider's rate longer than a read may take fails, and its order waits for the next. */
const READ_TIMEOUT_S = parseDuration(READ_TIMEOUT)! / 1000;
/**
 * How long placing and creating open orders may take: 10 minutes, or longer for many orders at no less than 10
 * orders/s (the bench's worker runs with the provider limit lifted, so the engine sets the pace, not Truv's 10/s).
 */
const budgetMs = (count: number): number => Math.max(600_000, count * 100);

interface Load {
  apiRssMiB: number;
  workerRssMiB: number;
  getP99Ms: number;
  placementRate: number;
}

/**
 * Waits until the worker has read what the orders' webhooks hinted: until Truv hears nothing for a few seconds. Orders
 * created more than 15 min before are polled meanwhile (10,000 take longer than that to create), so Truv may never
 * fall silent: after a minute of calls the figures are taken anyway.
 */
async function settle(bench: BenchEnvironment): Promise<void> {
  let calls = -1;
  await eventually(
    () => {
      const now = bench.truv.requests.length;
      const quiet = now === calls;
      calls = now;
      return quiet;
    },
    { what: 'the worker going quiet', timeoutMs: 60_000, intervalMs: 3_000 },
  ).catch(() => process.stderr.write('  Truv still called after a minute (polls): measuring anyway\n'));
}

/**
 * Places `count` orders that stay open at `concurrency`; resolves with their ids and the placement rate once each is
 * created at Truv and the worker has settled.
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
    ids.push((await bench.los.placeOrder(bench.truvOrder('Idle'))).id);
    if (ids.length % 1000 === 0) {
      process.stderr.write(`  ${ids.length} open orders placed in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }
  });
  let reported = 0;
  await eventually(
    () => {
      const created = bench.truv.listOrders().length - before;
      if (created >= reported + 1000) {
        reported = created - (created % 1000);
        process.stderr.write(`  ${reported} created at Truv in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
      }
      return created >= count;
    },
    { what: 'every open order existing at Truv', timeoutMs: budgetMs(count), intervalMs: 200 },
  );
  await settle(bench);
  return { ids, rate: placed.rate };
}

/** Reads of open orders picked across `openIds`, then placements of more orders that stay open. */
async function measureLoad(bench: BenchEnvironment, openIds: string[]): Promise<Load> {
  const gets = await runBatch(GETS, CONCURRENCY, async (i) => {
    const response = await bench.los.api('GET', `/v1/orders/${openIds[(i * 7919) % openIds.length]!}`);
    if (response.status !== 200) throw new Error(`GET answered ${response.status}`);
  });
  return {
    apiRssMiB: bench.api.rssMiB(),
    workerRssMiB: bench.voieWorker.rssMiB(),
    getP99Ms: percentile(gets.latencies, 99),
    placementRate: (await placeOpenOrders(bench, PLACEMENTS, CONCURRENCY)).rate,
  };
}

/** When each order placed since request `from` of Truv's log was created at Truv: from then on it is silent. */
function createdAt(bench: BenchEnvironment, from: number): number[] {
  return bench.truv.requests
    .slice(from)
    .filter((request) => request.method === 'POST' && request.path === '/v1/orders/')
    .map((request) => request.at);
}

export async function benchOpenOrders(bench: BenchEnvironment): Promise<Row[]> {
  const firstRequest = bench.truv.requests.length;
  // A few open orders to read in the "none open" case: reads of open orders, but too few to weigh.
  const few = (await placeOpenOrders(bench, 20)).ids;
  // Each read once first: the figure is of reads of orders the worker holds, not of its first replay of each.
  await Promise.all(few.map((id) => bench.los.api('GET', `/v1/orders/${id}`)));
  const idle = await measureLoad(bench, few);
  const placed = await placeOpenOrders(bench, OPEN_ORDERS);
  const placedRate = placed.rate;
  const many = [...few, ...placed.ids];
  const loaded = await measureLoad(bench, many);
  // The baseline's placements stay open too (and the placements measured now, by the time the polls come).
  const openCount = many.length + PLACEMENTS;
  const label = `${openCount} open`;
  const config = loadConfig({});
  // Every open order waits on its applicant: it is polled once per 6 h, at a phase of its own drawn over the 6 h
  // when it started waiting. Polls are served after creates and webhook-driven reads (lowest task priority)
  // at Truv's rate; those late by more than a read's 15 min would fail and wait for the next round.
  const created = createdAt(bench, firstRequest);
  const polled = `${created.length} open`;
  const polls = pollLoad(
    created,
    { firstMs: config.pollIntervalMs, maxMs: config.pollIntervalMaxMs },
    truv.requestsPerSecond,
    'applicant',
  );
  const limit = { name: 'truv limit req/s', value: truv.requestsPerSecond };
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
      figure: `open orders placed, ${many.length - few.length} at c=${CONCURRENCY * 2} (orders/s)`,
      value: placedRate,
      better: 'higher',
    },
    {
      figure: `truv polls due, ${polled}, busiest ${config.pollIntervalMs / 60_000} min (req/s)`,
      value: polls.busiestRate,
      baseline: limit,
      better: 'lower',
    },
    {
      figure: `truv polls, ${polled}, latest served late by (s)`,
      value: polls.worstLatenessMs / 1000,
      baseline: { name: 'read timeout s', value: READ_TIMEOUT_S },
      better: 'lower',
      goal: '≥ 1',
    },
    {
      figure: `truv polls, ${polled}, backed off to ${config.pollIntervalMaxMs / 3_600_000} h (req/s)`,
      value: polls.backedOffRate,
      baseline: limit,
      better: 'lower',
      goal: '≥ 1',
    },
  ];
}
