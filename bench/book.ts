/**
 * The `book` phase: a lender's whole book of waiting orders on the production topology (the cluster suite's Temporal
 * server on PostgreSQL, `voie api` and `voie worker` as processes of their own), measured at 1,000 open orders and
 * at the full book in one run, side by side; its polls counted at the simulators and computed for 100,000.
 * docs/performance.md ("A lender's book") explains each figure.
 */
import { Client } from '@temporalio/client';
import { loadConfig } from '../src/config';
import { truework } from '../src/providers/truework';
import { truv } from '../src/providers/truv';
import { VoieCluster } from '../test/cluster/support/voie-cluster';
import { fillBook, type FillTimes } from './book-fill';
import { measureBook, type Book, type BookFigures } from './book-measure';
import { planBook, type BookLoan } from './book-plan';
import { countPolls, scheduledApplicantPolls, type CountedPolls, type QuietSpan } from './book-polls';
import { ProviderLog } from './provider-log';
import { pollLoad } from './poll-load';
import { percentile } from './stats';
import type { BookPoint } from './charts';
import type { Row } from './table';
import { actionsPerDay, historyBytesPerDay } from './waiting-cost';

/** What a run of the phase does; {@link bookOptionsFromEnv} reads them from `BENCH_*`. */
export interface BookOptions {
  /** Orders open at the full book (before its placements are measured). */
  openOrders: number;
  /** Orders open at the baseline measured first. */
  baselineOrders: number;
  /** The share of orders waiting on their applicant (Truv); the rest wait for a re-verification (Truework). */
  applicantShare: number;
  /** Reads of each kind per measurement. */
  gets: number;
  /** Placements measured per measurement (they stay open). */
  placements: number;
  /** Histories read per kind of order per measurement. */
  historySample: number;
  /** Loans placed at once while filling. */
  fillConcurrency: number;
  /** The longest the worker may take to go quiet after a fill. */
  settleMs: number;
  /** How voie runs: compiled (`npm run build` first), as production does, or from the sources. */
  voie: 'compiled' | 'sources';
  /** More environment for voie's processes (the provider limit is lifted in any case). */
  env: Record<string, string>;
}

/** The figures of a run, and where its time went. */
export interface BookRun {
  rows: Row[];
  baseline: BookFigures;
  full: BookFigures;
  fills: FillTimes[];
  polls: Record<'truv' | 'truework', CountedPolls>;
  /** Seconds each part of the run took, in order. */
  timings: [string, number][];
}

/** Reads per measurement and in flight, as the other phases. */
const CONCURRENCY = 16;
/** So far above the providers' limits that the engine, not the provider, sets the fill's pace. */
const LIFTED_REQUESTS_PER_SECOND = '100000';
/** The book the issue sizes Truv's polls for (issue 20): twice the default run. */
const SCHEDULED_BOOK = 100_000;

const numberFrom = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

/** The options of `npm run bench`: `BENCH_OPEN_ORDERS` (50,000), `BENCH_BOOK_*`, `BENCH_GETS`, `BENCH_VOIE`. */
export function bookOptionsFromEnv(): BookOptions {
  return {
    openOrders: numberFrom('BENCH_OPEN_ORDERS', 50_000),
    baselineOrders: numberFrom('BENCH_BOOK_BASELINE', 1_000),
    applicantShare: numberFrom('BENCH_BOOK_APPLICANT_SHARE', 0.5),
    gets: numberFrom('BENCH_GETS', 500),
    placements: numberFrom('BENCH_BOOK_PLACEMENTS', 200),
    historySample: numberFrom('BENCH_BOOK_HISTORIES', 50),
    fillConcurrency: numberFrom('BENCH_BOOK_CONCURRENCY', 32),
    settleMs: numberFrom('BENCH_BOOK_SETTLE_S', 60) * 1000,
    voie: process.env.BENCH_VOIE === 'tsx' ? 'sources' : 'compiled',
    env: {},
  };
}

/** The `bench/run.ts` phase. */
export async function benchBook(): Promise<{ rows: Row[]; points: BookPoint[] }> {
  const run = await runBook(bookOptionsFromEnv());
  return { rows: run.rows, points: bookPoints([run.baseline, run.full]) };
}

/** The figures of each measurement against the orders open then: the book's chart (`bookChart`). */
export function bookPoints(measurements: readonly BookFigures[]): BookPoint[] {
  return measurements.flatMap((figures) => {
    const at = (metric: string, value: number, unit: string): BookPoint => ({
      waitingOrders: figures.open,
      metric,
      value,
      unit,
    });
    return [
      at('worker RSS', figures.workerRssMiB, 'MiB'),
      at('api RSS', figures.apiRssMiB, 'MiB'),
      at('GET of a waiting order, p99', percentile(figures.waitingGets.latencies, 99), 'ms'),
      at('GET of an ended order, p99', percentile(figures.endedGets.latencies, 99), 'ms'),
      at('GET of a loan file, p99', percentile(figures.loanGets.latencies, 99), 'ms'),
      at(`placement c=${CONCURRENCY}`, figures.placement.rate, 'orders/s'),
      at('PostgreSQL per open order', figures.postgresBytes / figures.open / 1024, 'KiB'),
    ];
  });
}

/** Starts a cluster of its own, fills and measures the book twice, counts its polls, and stops the cluster. */
export async function runBook(options: BookOptions): Promise<BookRun> {
  const timings: [string, number][] = [];
  const timed = async <T>(part: string, run: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await run();
    timings.push([part, (Date.now() - started) / 1000]);
    process.stderr.write(`  ${part}: ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    return result;
  };
  const cluster = await timed('cluster started', () =>
    VoieCluster.start({
      apis: 1,
      workers: 1,
      // Short steps: an order's pace is voie's and the engine's, not a simulated employer's.
      stepDelayMs: 50,
      voie: options.voie,
      env: { VOIE_PROVIDER_REQUESTS_PER_SECOND: LIFTED_REQUESTS_PER_SECOND, ...options.env },
    }),
  );
  const connection = await cluster.temporal.connect();
  try {
    const client = new Client({ connection, namespace: cluster.temporal.namespace });
    const logs = { truv: new ProviderLog(cluster, 'truv'), truework: new ProviderLog(cluster, 'truework') };
    const book: Book = { waiting: [], ended: [], loans: [] };
    const fills: FillTimes[] = [];
    const quiet: QuietSpan[] = [];
    let loansPlanned = 0;

    /** Fills the book with `count` more orders and measures it. */
    const grow = async (count: number): Promise<BookFigures> => {
      const loans = planBook(count, options.applicantShare, loansPlanned);
      loansPlanned += loans.length;
      const open = book.waiting.length + book.ended.length + count;
      const fill = await timed(`fill to ${open} open`, () =>
        fillBook(
          cluster,
          loans,
          logs.truv,
          { concurrency: options.fillConcurrency, settleMs: options.settleMs },
          book.waiting.length,
        ),
      );
      fills.push(fill);
      timings.push(
        ['  placing', fill.placed],
        ['  until every order waits', fill.waiting - fill.placed],
        ['  the worker settling', fill.settled - fill.waiting],
      );
      addToBook(book, loans);
      const since = Date.now();
      // Waiting orders that polled while the book stood still, up to now: their last cycle is a poll's.
      const polled = (): Promise<string[]> =>
        polledOrders(cluster, logs.truv, [...quiet, { from: since, to: Number.MAX_SAFE_INTEGER }]);
      const figures = await timed(`measure at ${open} open`, () =>
        measureBook(cluster, client, book, polled, { ...options, concurrency: CONCURRENCY }),
      );
      quiet.push({ from: since, to: figures.placementStartedAt });
      return figures;
    };

    const baseline = await grow(Math.min(options.baselineOrders, options.openOrders));
    const full = await grow(Math.max(0, options.openOrders - baseline.open - options.placements));
    await Promise.all([logs.truv.refresh(), logs.truework.refresh()]);
    const config = loadConfig(options.env);
    const schedule = { firstMs: config.pollIntervalMs, maxMs: config.pollIntervalMaxMs };
    const polls = {
      truv: countPolls(logs.truv, quiet, schedule.firstMs),
      truework: countPolls(logs.truework, quiet, schedule.firstMs),
    };
    const scheduled = {
      mix: scheduledApplicantPolls(
        Math.round(SCHEDULED_BOOK * options.applicantShare),
        schedule,
        truv.requestsPerSecond,
      ),
      all: scheduledApplicantPolls(SCHEDULED_BOOK, schedule, truv.requestsPerSecond),
      backOff: pollLoad(new Array<number>(SCHEDULED_BOOK).fill(0), schedule, truv.requestsPerSecond, 'provider')
        .busiestRate,
    };
    const rows = bookRows(baseline, full, fills, polls, scheduled, schedule.firstMs, timings);
    return { rows, baseline, full, fills, polls, timings };
  } finally {
    await connection.close();
    await cluster.stop();
  }
}

/** Adds placed loans to the book. */
function addToBook(book: Book, loans: readonly BookLoan[]): void {
  for (const loan of loans) {
    book.loans.push(loan.id);
    (loan.kind === 'applicant' ? book.waiting : book.ended).push(...loan.orderIds);
  }
}

/** The voie orders whose provider order Truv was asked to read within `spans`: polls, the book standing still. */
async function polledOrders(cluster: VoieCluster, log: ProviderLog, spans: readonly QuietSpan[]): Promise<string[]> {
  await log.refresh();
  const read = new Set(spans.flatMap((span) => log.reads(span.from, span.to).map((read) => read.orderId)));
  if (read.size === 0) return [];
  const orders = await cluster.providerOrders<{ id: string; order_number: string | null }>('truv');
  return orders.filter((order) => read.has(order.id) && order.order_number).map((order) => order.order_number!);
}

const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

/** The table: each figure of the full book beside the same with the baseline, then polls and where the time went. */
function bookRows(
  baseline: BookFigures,
  full: BookFigures,
  fills: readonly FillTimes[],
  polls: Record<'truv' | 'truework', CountedPolls>,
  scheduled: { mix: number; all: number; backOff: number },
  windowMs: number,
  timings: readonly [string, number][],
): Row[] {
  const label = `${full.open} open`;
  const base = `${baseline.open} open`;
  const beside = (
    figure: string,
    pick: (figures: BookFigures) => number,
    better: Row['better'],
    goal?: string,
  ): Row => ({
    figure: `${figure}, ${label}`,
    value: pick(full),
    baseline: { name: base, value: pick(baseline) },
    better,
    ...(goal ? { goal } : {}),
  });
  const p99 = (pick: (figures: BookFigures) => { latencies: number[] }) => (figures: BookFigures) =>
    percentile(pick(figures).latencies, 99);
  const halfLimit = (limit: number) => ({ name: 'half the limit, req/s', value: limit / 2 });
  const window = `busiest ${windowMs / 60_000} min`;
  const filled = fills.reduce((sum, fill) => sum + fill.settled, 0);
  const filledOrders = fills.reduce((sum, fill) => sum + fill.orders, 0);
  return [
    beside('worker RSS (MiB)', (f) => f.workerRssMiB, 'lower', '≥ 0.8'),
    beside('api RSS (MiB)', (f) => f.apiRssMiB, 'lower', '≥ 0.8'),
    beside(
      'GET /v1/orders/{id} p99, waiting order (ms)',
      p99((f) => f.waitingGets),
      'lower',
      '≥ 0.5',
    ),
    beside(
      'GET /v1/orders/{id} p99, ended order (ms)',
      p99((f) => f.endedGets),
      'lower',
      '≥ 0.5',
    ),
    beside(
      'GET /v1/loans/{id} p99 (ms)',
      p99((f) => f.loanGets),
      'lower',
      '≥ 0.5',
    ),
    beside('GET /v1/loans/{id} answered 503', (f) => f.loanUnanswered, 'lower'),
    beside(`placement c=${CONCURRENCY} (orders/s)`, (f) => f.placement.rate, 'higher', '≥ 0.8'),
    beside('placement: share of the cores busy', (f) => f.placementCpu.busyShare, 'lower'),
    beside('placement: busy CPU of the machine per order (ms)', (f) => f.placementCpu.machineMsPerOrder, 'lower'),
    beside('placement: voie worker CPU per order (ms)', (f) => f.placementCpu.workerMsPerOrder, 'lower'),
    beside('placement: voie api CPU per order (ms)', (f) => f.placementCpu.apiMsPerOrder, 'lower'),
    beside('history events per waiting order (mean)', (f) => mean(f.events.waiting), 'lower'),
    beside('history events per ended order (mean)', (f) => mean(f.events.ended), 'lower'),
    beside('PostgreSQL KiB per open order', (f) => f.postgresBytes / f.open / 1024, 'lower'),
    {
      figure: `PostgreSQL KiB per order added, ${base} → ${label}`,
      value: (full.postgresBytes - baseline.postgresBytes) / (full.open - baseline.open) / 1024,
      better: 'lower',
    },
    beside(
      `billable actions per day of waiting, waiting order (${full.cycles.waiting.length} polls)`,
      (f) => actionsPerDay(f.cycles.waiting),
      'lower',
    ),
    beside(
      `billable actions per day of waiting, ended order (${full.cycles.ended.length} waits)`,
      (f) => actionsPerDay(f.cycles.ended),
      'lower',
    ),
    beside(
      'history events per poll, waiting order (mean)',
      (f) => mean(f.cycles.waiting.map((cycle) => cycle.events)),
      'lower',
    ),
    beside(
      'history KiB per day of waiting, waiting order',
      (f) => historyBytesPerDay(f.cycles.waiting) / 1024,
      'lower',
    ),
    beside('history KiB per day of waiting, ended order', (f) => historyBytesPerDay(f.cycles.ended) / 1024, 'lower'),
    ...(['truv', 'truework'] as const).map((provider): Row => ({
      figure: `${provider} polls counted, ${polls[provider].polls} in ${polls[provider].observedS.toFixed(0)} s settled, ${window} (req/s)`,
      value: polls[provider].busiestRate,
      baseline: halfLimit(provider === 'truv' ? truv.requestsPerSecond : truework.requestsPerSecond),
      better: 'lower',
      goal: '≥ 1',
    })),
    {
      figure: `truv polls scheduled, ${SCHEDULED_BOOK} waiting as this mix, ${window} (req/s)`,
      value: scheduled.mix,
      baseline: halfLimit(truv.requestsPerSecond),
      better: 'lower',
      goal: '≥ 1',
    },
    {
      figure: `truv polls scheduled, ${SCHEDULED_BOOK} waiting on applicants, ${window} (req/s)`,
      value: scheduled.all,
      baseline: halfLimit(truv.requestsPerSecond),
      better: 'lower',
      goal: '≥ 1',
    },
    {
      figure: `truv polls scheduled, ${SCHEDULED_BOOK} on the back-off (as processing orders poll), ${window} (req/s)`,
      value: scheduled.backOff,
      baseline: halfLimit(truv.requestsPerSecond),
      better: 'lower',
      goal: '≥ 1',
    },
    ...Object.entries(full.seen.waiting).map(([state, count]): Row => ({
      figure: `waiting orders read ${state}, of ${full.waitingGets.latencies.length} reads, ${label}`,
      value: count,
      better: 'lower',
    })),
    {
      figure: `truework polls scheduled, ${SCHEDULED_BOOK} waiting (completed orders never poll) (req/s)`,
      value: 0,
      baseline: halfLimit(truework.requestsPerSecond),
      better: 'lower',
    },
    {
      figure: `book filled, ${filledOrders} orders in ${filled.toFixed(0)} s, settling included (orders/s)`,
      value: filledOrders / filled,
      better: 'higher',
    },
    {
      figure: `placements and loan PUTs answered 503 and sent again while filling`,
      value: fills.reduce((sum, fill) => sum + fill.retried, 0),
      better: 'lower',
    },
    ...timings.map(([part, seconds]): Row => ({ figure: `time: ${part} (s)`, value: seconds, better: 'lower' })),
  ];
}
