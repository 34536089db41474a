/**
 * Completed orders waiting out their re-verification window (issue 18): each one's workflow stays open on a timer for
 * `VOIE_REVERIFY_WINDOW` after it completed, keeping its record in its memo. What K of them cost the worker and the
 * API, how long their histories are, and how fast `GET /v1/orders/{id}` and the loan file answer, each beside the
 * same with 20 waiting, measured first in the same run.
 */
import type { OrderView } from '../src/domain';
import { loanWorkflowId } from '../workflows/public';
import { daysAhead, eventually, freshLoanId, sleep, type OrderBody } from '../test/kit';
import type { BenchEnvironment } from './environment';
import { countHistory } from './history-cost';
import { CONCURRENCY } from './ingress';
import { sweepUntil } from './order-sweep';
import type { Batch } from './stats';
import { percentile, runBatch } from './stats';
import type { Row } from './table';

const WAITING_ORDERS = Number(process.env.BENCH_WAITING_ORDERS ?? 2_000);
const GETS = Number(process.env.BENCH_GETS ?? 500);
/** The baseline: a few waiting orders, too few to weigh. */
const BASELINE_ORDERS = 20;
/** Histories fetched per kind of waiting order: enough for a mean and a max, cheap to read. */
const HISTORY_SAMPLE = 50;
/** A closing date a few weeks ahead: the orders of its loan wait with a re-verification scheduled before it. */
const CLOSING_IN_DAYS = 35;
/** Reads of baseline orders with the worker stopped: enough for a median, short enough for no task to time out. */
const PAUSED_GETS = 100;

/** One loan of the phase and its orders, all placed with its `loan_id`. */
interface Loan {
  id: string;
  orderIds: string[];
  /** Whether the phase PUT a closing date on it: its orders wait with a re-verification scheduled. */
  closing: boolean;
}

/** What one measurement of the waiting orders found. */
interface Load {
  apiRssMiB: number;
  workerRssMiB: number;
  cache: { cached: number; forcedEvictions: number };
  orderGets: Batch;
  loanGets: Batch;
  /** Loan files answered 503: the loan's workflow not queried within the API's deadline. */
  loanUnanswered: number;
}

/**
 * How long placing and settling K orders may take: 10 minutes, or longer for many orders at no less than 5 orders/s
 * (each order is a placement, a registration with its loan, a Truework order run to its end and a result delivery).
 */
const budgetMs = (count: number): number => Math.max(600_000, count * 200);

/**
 * Loans of one to three orders, `count` orders in all: sizes cycle 1, 2, 3 (the last loan takes what is left). One
 * loan in three, picked across the sizes, gets a closing date.
 */
function planLoans(count: number): Loan[] {
  const loans: Loan[] = [];
  for (let placed = 0, i = 0; placed < count; i += 1) {
    const size = Math.min((i % 3) + 1, count - placed);
    loans.push({ id: freshLoanId(), orderIds: new Array<string>(size), closing: Math.floor(i / 3) % 3 === 0 });
    placed += size;
  }
  return loans;
}

/**
 * Waits until `voie worker` has finished what the last steps gave it (timers, deliveries, the loans telling their
 * orders): under 5% of a core over 2 s. After a minute the figures are taken anyway.
 */
async function settle(bench: BenchEnvironment): Promise<void> {
  let cpu = bench.voieWorker.cpuMs();
  await eventually(
    async () => {
      await sleep(2_000);
      const now = bench.voieWorker.cpuMs();
      const quiet = now - cpu < 100;
      cpu = now;
      return quiet;
    },
    { what: 'the worker going quiet', timeoutMs: 60_000, intervalMs: 0 },
  ).catch(() => process.stderr.write('  the worker still busy after a minute: measuring anyway\n'));
}

/** Placements and PUTs answered 503 and sent again, in this run. */
let retried = 0;

/**
 * `POST /v1/orders`, sent again after a `503` as a LOS does (the same body is the same order: `201` or `200`). An
 * order of a loan registers with the loan's workflow, an update a worker must answer within the API's deadline: on
 * a loaded machine it may not.
 */
async function place(bench: BenchEnvironment, body: OrderBody): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await bench.los.api<OrderView>('POST', '/v1/orders', body);
    if (response.status === 201 || response.status === 200) return response.body.id;
    if (response.status !== 503 || attempt >= 5) throw new Error(`order not placed: ${response.status}`);
    retried += 1;
    await sleep(1_000 * attempt);
  }
}

/**
 * Places the loans' orders (`CONCURRENCY` loans at a time, a loan's orders one after the other, as a LOS adds them)
 * and waits until every order completed with its result delivered; then PUTs a closing date on the loans that get one
 * and waits until each of their orders has its re-verification scheduled.
 */
async function placeWaitingOrders(bench: BenchEnvironment, loans: Loan[]): Promise<{ deliveredSeconds: number }> {
  const count = loans.reduce((sum, loan) => sum + loan.orderIds.length, 0);
  const budget = budgetMs(count);
  const started = Date.now();
  let placed = 0;
  await runBatch(loans.length, CONCURRENCY, async (i) => {
    const loan = loans[i]!;
    for (let k = 0; k < loan.orderIds.length; k += 1) {
      loan.orderIds[k] = await place(bench, { ...bench.trueworkOrder(), loan_id: loan.id });
      placed += 1;
      if (placed % 500 === 0) {
        process.stderr.write(`  ${placed} orders placed in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
      }
    }
  });
  const ids = loans.flatMap((loan) => loan.orderIds);
  // The LOS's receiver hears each completion: cheaper to watch than K orders read again and again.
  const waited = new Set(ids);
  const completed = new Set<string>();
  let scanned = 0;
  await eventually(
    () => {
      const received = bench.receiver.received;
      for (; scanned < received.length; scanned += 1) {
        const delivery = received[scanned]!;
        const id = delivery.body.data?.order?.id;
        if (delivery.body.type === 'order.completed' && waited.has(id)) completed.add(id);
      }
      return completed.size === ids.length;
    },
    { what: () => `${ids.length - completed.size} of ${ids.length} orders completing`, timeoutMs: budget },
  );
  // Once the LOS has the result, the order records the delivery's outcome: the view then says it is no longer pending.
  await sweepUntil(
    bench.los,
    ids,
    (order) => order.status === 'completed' && order.result?.delivery.state !== 'pending',
    'completed with their result delivered',
    budget,
  );
  const deliveredSeconds = (Date.now() - started) / 1000;
  process.stderr.write(`  ${count} orders completed and delivered in ${deliveredSeconds.toFixed(0)} s\n`);
  const closing = loans.filter((loan) => loan.closing);
  const closingDate = daysAhead(CLOSING_IN_DAYS);
  await runBatch(closing.length, CONCURRENCY, async (i) => {
    // A PUT of the same date is the same PUT: sent again after a 503, as a LOS does.
    for (let attempt = 1; ; attempt += 1) {
      const response = await bench.los.api('PUT', `/v1/loans/${closing[i]!.id}`, { closing_date: closingDate });
      if (response.status === 200) return;
      if (response.status !== 503 || attempt >= 5) throw new Error(`PUT /v1/loans answered ${response.status}`);
      retried += 1;
      await sleep(1_000 * attempt);
    }
  });
  await sweepUntil(
    bench.los,
    closing.flatMap((loan) => loan.orderIds),
    (order) => order.reverification?.status === 'scheduled' && order.result?.delivery.state !== 'pending',
    'with their re-verification scheduled',
    budget,
  );
  process.stderr.write(
    `  ${closing.length} loans given a closing date in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
  );
  await settle(bench);
  return { deliveredSeconds };
}

/**
 * `GETS` reads of orders and of loan files picked across all of them, `CONCURRENCY` in flight. A waiting order is
 * read from describe + memo, so every read must answer 200. A loan file also queries its loan's workflow, which a
 * worker answers within the API's deadline or the API answers 503: those are counted (their latency is the
 * deadline's), not thrown, so that a loaded machine shows in the figures rather than ending the run.
 */
async function measureLoad(bench: BenchEnvironment, loans: readonly Loan[]): Promise<Load> {
  const ids = loans.flatMap((loan) => loan.orderIds);
  let loanUnanswered = 0;
  const getOrder = async (id: string): Promise<void> => {
    const response = await bench.los.api('GET', `/v1/orders/${id}`);
    if (response.status !== 200) throw new Error(`GET /v1/orders answered ${response.status}`);
  };
  const getLoan = async (id: string): Promise<void> => {
    const response = await bench.los.api('GET', `/v1/loans/${id}`);
    if (response.status === 503) loanUnanswered += 1;
    else if (response.status !== 200) throw new Error(`GET /v1/loans answered ${response.status}`);
  };
  // A few reads first: the figures are of reads of a warm API, not of its first ones.
  for (let i = 0; i < 5; i += 1) {
    await getOrder(ids[i % ids.length]!);
    await getLoan(loans[i % loans.length]!.id);
  }
  loanUnanswered = 0;
  const orderGets = await runBatch(GETS, CONCURRENCY, (i) => getOrder(ids[(i * 7919) % ids.length]!));
  const loanGets = await runBatch(GETS, CONCURRENCY, (i) => getLoan(loans[(i * 7919) % loans.length]!.id));
  return {
    apiRssMiB: bench.api.rssMiB(),
    workerRssMiB: bench.voieWorker.rssMiB(),
    cache: await workflowCache(bench),
    orderGets,
    loanGets,
    loanUnanswered,
  };
}

/**
 * The workflows `voie worker` holds in its cache (orders and loans), and how many it evicted to make room, summed
 * over its workers from the SDK's gauges on `/metrics`: what its memory follows.
 */
async function workflowCache(bench: BenchEnvironment): Promise<{ cached: number; forcedEvictions: number }> {
  const text = await (await fetch(bench.workerMetricsUrl)).text();
  // A counter's name ends in `_total` in Prometheus's text; a gauge's does not.
  const sum = (name: string): number =>
    text
      .split('\n')
      .filter((line) => new RegExp(`^${name}(_total)?[{ ]`).test(line))
      .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  // In the run's log, so that a renamed metric shows as such rather than as a zero.
  const lines = text.split('\n').filter((line) => line.includes('sticky_cache') && !line.startsWith('#'));
  process.stderr.write(`  worker /metrics: ${lines.join('; ')}\n`);
  return {
    cached: sum('temporal_sticky_cache_size'),
    forcedEvictions: sum('temporal_sticky_cache_total_forced_eviction'),
  };
}

/** History events of each workflow, fetched from Temporal (no worker involved). */
async function historyEvents(bench: BenchEnvironment, workflowIds: readonly string[]): Promise<number[]> {
  return Promise.all(
    workflowIds.map(async (id) => countHistory(await bench.client.workflow.getHandle(id).fetchHistory()).events),
  );
}

/** Up to `count` values picked evenly across `values`. */
function sampleOf<T>(values: readonly T[], count: number): T[] {
  if (values.length <= count) return [...values];
  return Array.from({ length: count }, (_, i) => values[Math.floor((i * values.length) / count)]!);
}

const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

export async function benchWaitingOrders(bench: BenchEnvironment): Promise<Row[]> {
  const few = planLoans(BASELINE_ORDERS);
  await placeWaitingOrders(bench, few);
  const idle = await measureLoad(bench, few);
  // A waiting order's GET is served from describe + memo: with the worker stopped it still answers, as fast.
  const fewIds = few.flatMap((loan) => loan.orderIds);
  const paused = await bench.voieWorker.paused(() =>
    runBatch(PAUSED_GETS, CONCURRENCY, async (i) => {
      const response = await bench.los.api('GET', `/v1/orders/${fewIds[i % fewIds.length]!}`);
      if (response.status !== 200) throw new Error(`GET with the worker stopped answered ${response.status}`);
    }),
  );

  const many = planLoans(WAITING_ORDERS);
  const { deliveredSeconds } = await placeWaitingOrders(bench, many);
  const all = [...few, ...many];
  const loaded = await measureLoad(bench, all);
  const count = BASELINE_ORDERS + WAITING_ORDERS;

  const unscheduled = await historyEvents(
    bench,
    sampleOf(
      many.filter((loan) => !loan.closing).flatMap((loan) => loan.orderIds),
      HISTORY_SAMPLE,
    ),
  );
  const scheduled = await historyEvents(
    bench,
    sampleOf(
      many.filter((loan) => loan.closing).flatMap((loan) => loan.orderIds),
      HISTORY_SAMPLE,
    ),
  );
  const loanEvents = await historyEvents(
    bench,
    sampleOf(many, HISTORY_SAMPLE).map((loan) => loanWorkflowId(loan.id)),
  );

  const label = `${count} waiting`;
  const base = `${BASELINE_ORDERS} waiting`;
  const latency = (figure: string, p: number, pick: (load: Load) => Batch): Row => ({
    figure: `${figure} p${p}, ${label} (ms)`,
    value: percentile(pick(loaded).latencies, p),
    baseline: { name: base, value: percentile(pick(idle).latencies, p) },
    better: 'lower',
  });
  return [
    {
      figure: `waiting orders placed, completed, delivered, ${WAITING_ORDERS} in ${many.length} loans (orders/s)`,
      value: WAITING_ORDERS / deliveredSeconds,
      better: 'higher',
    },
    {
      figure: `api RSS, ${label} (MiB)`,
      value: loaded.apiRssMiB,
      baseline: { name: base, value: idle.apiRssMiB },
      better: 'lower',
    },
    {
      figure: `worker RSS, ${label} (MiB)`,
      value: loaded.workerRssMiB,
      baseline: { name: base, value: idle.workerRssMiB },
      better: 'lower',
    },
    {
      figure: `worker MiB per waiting order (${WAITING_ORDERS} more)`,
      value: (loaded.workerRssMiB - idle.workerRssMiB) / WAITING_ORDERS,
      better: 'lower',
    },
    {
      figure: `worker workflows cached (orders and loans), ${label}`,
      value: loaded.cache.cached,
      baseline: { name: base, value: idle.cache.cached },
      better: 'lower',
    },
    {
      figure: `worker cache forced evictions, ${label}`,
      value: loaded.cache.forcedEvictions,
      better: 'lower',
    },
    {
      figure: `worker MiB per cached workflow (${loaded.cache.cached - idle.cache.cached} more)`,
      value: (loaded.workerRssMiB - idle.workerRssMiB) / (loaded.cache.cached - idle.cache.cached),
      better: 'lower',
    },
    {
      figure: `history events per waiting order, none scheduled, mean of ${unscheduled.length}`,
      value: mean(unscheduled),
      better: 'lower',
    },
    {
      figure: `history events per waiting order, none scheduled, max of ${unscheduled.length}`,
      value: Math.max(...unscheduled),
      better: 'lower',
    },
    {
      figure: `history events per waiting order, re-verification scheduled, mean of ${scheduled.length}`,
      value: mean(scheduled),
      better: 'lower',
    },
    {
      figure: `history events per waiting order, re-verification scheduled, max of ${scheduled.length}`,
      value: Math.max(...scheduled),
      better: 'lower',
    },
    {
      figure: `history events per loan workflow, mean of ${loanEvents.length}`,
      value: mean(loanEvents),
      better: 'lower',
    },
    latency('GET /v1/orders/{id}', 50, (load) => load.orderGets),
    latency('GET /v1/orders/{id}', 99, (load) => load.orderGets),
    latency('GET /v1/loans/{loan_id}', 50, (load) => load.loanGets),
    latency('GET /v1/loans/{loan_id}', 99, (load) => load.loanGets),
    {
      figure: `GET /v1/loans/{loan_id} answered 503 of ${GETS}, ${label}`,
      value: loaded.loanUnanswered,
      baseline: { name: base, value: idle.loanUnanswered },
      better: 'lower',
    },
    {
      figure: `placements and loan PUTs answered 503 and sent again`,
      value: retried,
      better: 'lower',
    },
    {
      figure: `GET /v1/orders/{id} p50, ${base}, worker stopped (ms)`,
      value: percentile(paused.latencies, 50),
      baseline: { name: 'worker running', value: percentile(idle.orderGets.latencies, 50) },
      better: 'lower',
    },
  ];
}
