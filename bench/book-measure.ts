/**
 * The figures of the book at one size: what the processes hold, how fast a LOS reads waiting orders, ended orders and
 * loan files and places new ones, what the Temporal server's database holds, and what a waiting order's history
 * holds and costs per day.
 */
import type { Client } from '@temporalio/client';
import type { OrderView } from '../src/domain';
import type { VoieCluster } from '../test/cluster/support/voie-cluster';
import { cpuTimeMs, machineCpuMs, residentMiB } from '../test/support/process-usage';
import { bookOrderBody } from './book-plan';
import { countHistory } from './history-cost';
import { runBatch, type Batch } from './stats';
import { waitingCycle, type WaitingCycle } from './waiting-cost';

/** The orders and loans of the book, by what they wait for. */
export interface Book {
  /** Truv orders waiting for their applicant. */
  waiting: string[];
  /** Completed Truework orders waiting for their re-verification. */
  ended: string[];
  loans: string[];
}

/** How much each measurement does. */
export interface MeasureOptions {
  /** Reads of each kind (waiting order, ended order, loan file). */
  gets: number;
  /** Placements measured at c={@link concurrency}; the orders join the book as waiting orders. */
  placements: number;
  concurrency: number;
  /** Histories read per kind of order. */
  historySample: number;
}

/** The figures of one size of the book. */
export interface BookFigures {
  /** Orders open when measured (waiting and ended), the placements measured not included. */
  open: number;
  workerRssMiB: number;
  apiRssMiB: number;
  waitingGets: Batch;
  endedGets: Batch;
  loanGets: Batch;
  /**
   * What the reads of orders answered, by kind: how many were in each status (with the re-verification's after a
   * slash, `completed/scheduled`), to show that the orders read wait as the book says.
   */
  seen: { waiting: Record<string, number>; ended: Record<string, number> };
  /** Loan files answered 503: the loan's workflow not queried within the API's deadline. */
  loanUnanswered: number;
  placement: Batch;
  /** When the placements began (epoch ms): until then nothing but polls asked Truv to read an order. */
  placementStartedAt: number;
  /**
   * The CPU the placements took: the share of the machine's cores busy meanwhile (1: every core), and per order the
   * machine's busy CPU (every process: voie, Temporal, PostgreSQL, the simulators, the bench) and voie's two processes'.
   */
  placementCpu: { busyShare: number; machineMsPerOrder: number; workerMsPerOrder: number; apiMsPerOrder: number };
  /** `pg_total_relation_size` of every table of Temporal's two databases, summed. */
  postgresBytes: number;
  /** History events of sampled orders. */
  events: { waiting: number[]; ended: number[] };
  /** The last waiting cycle of sampled orders: of waiting orders that polled, of ended orders waiting on a timer. */
  cycles: { waiting: WaitingCycle[]; ended: WaitingCycle[] };
}

/** Up to `count` values picked evenly across `values`. */
export function sampleOf<T>(values: readonly T[], count: number): T[] {
  if (values.length <= count) return [...values];
  return Array.from({ length: count }, (_, i) => values[Math.floor((i * values.length) / count)]!);
}

/** What a read counts besides its latency: loan files unanswered, and the states of the orders read. */
interface ReadTally {
  unanswered: number;
  seen: Record<string, number>;
}

/** `count` GETs of `paths` picked across them (a stride prime to any count), `concurrency` in flight. */
async function reads(
  cluster: VoieCluster,
  paths: readonly string[],
  options: MeasureOptions,
  tally: ReadTally,
): Promise<Batch> {
  const get = async (path: string): Promise<void> => {
    const response = await cluster.los.api<Partial<OrderView>>('GET', path);
    // A loan file queries its loan's workflow: a 503 is the API's deadline passing, a figure rather than an error.
    if (response.status === 503 && path.startsWith('/v1/loans/')) tally.unanswered += 1;
    else if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    const { status, reverification } = response.body;
    const state = status && `${status}${reverification ? `/${reverification.status}` : ''}`;
    if (state) tally.seen[state] = (tally.seen[state] ?? 0) + 1;
  };
  // A few first: the figures are of a warm API, not of its first reads.
  for (let i = 0; i < 5; i += 1) await get(paths[i % paths.length]!);
  Object.assign(tally, { unanswered: 0, seen: {} });
  return runBatch(options.gets, options.concurrency, (i) => get(paths[(i * 7919) % paths.length]!));
}

/** Each sampled workflow's history: its events, and its last waiting cycle if it waits on a timer. */
async function histories(client: Client, ids: readonly string[]): Promise<{ events: number; cycle?: WaitingCycle }[]> {
  return Promise.all(
    ids.map(async (id) => {
      const history = await client.workflow.getHandle(id).fetchHistory();
      return { events: countHistory(history).events, cycle: waitingCycle(history) };
    }),
  );
}

/**
 * Measures the book as it stands. `polled()` names waiting orders known to have polled by then (their last cycle is
 * a poll's); the placements measured last are added to `book.waiting`.
 */
export async function measureBook(
  cluster: VoieCluster,
  client: Client,
  book: Book,
  polled: () => Promise<readonly string[]>,
  options: MeasureOptions,
): Promise<BookFigures> {
  const open = book.waiting.length + book.ended.length;
  const tallies = {
    waiting: { unanswered: 0, seen: {} },
    ended: { unanswered: 0, seen: {} },
    loans: { unanswered: 0, seen: {} },
  };
  const orderPaths = (ids: readonly string[]): string[] => ids.map((id) => `/v1/orders/${id}`);
  const waitingGets = await reads(cluster, orderPaths(book.waiting), options, tallies.waiting);
  const endedGets = await reads(cluster, orderPaths(book.ended), options, tallies.ended);
  const loanGets = await reads(
    cluster,
    book.loans.map((id) => `/v1/loans/${id}`),
    options,
    tallies.loans,
  );
  const workerRssMiB = residentMiB(cluster.workers[0]!.process.pid);
  const apiRssMiB = residentMiB(cluster.apis[0]!.process.pid);
  const postgresBytes =
    cluster.temporal.postgres.tableBytes('temporal') + cluster.temporal.postgres.tableBytes('temporal_visibility');

  const waiting = await histories(client, sampleOf(book.waiting, options.historySample));
  const ended = await histories(client, sampleOf(book.ended, options.historySample));
  const pollCycles = (await histories(client, sampleOf(await polled(), options.historySample)))
    .map((history) => history.cycle)
    .filter((cycle): cycle is WaitingCycle => cycle?.wake === 'timer');

  const placed: string[] = [];
  const placementStartedAt = Date.now();
  const cpu = () => ({
    machine: machineCpuMs(),
    worker: cpuTimeMs(cluster.workers[0]!.process.pid),
    api: cpuTimeMs(cluster.apis[0]!.process.pid),
  });
  const before = cpu();
  const placement = await runBatch(options.placements, options.concurrency, async () => {
    placed.push((await cluster.los.placeOrder(bookOrderBody(undefined, cluster.receiver.url))).id);
  });
  const after = cpu();
  const placementCpu = {
    busyShare: (after.machine.busyMs - before.machine.busyMs) / (after.machine.totalMs - before.machine.totalMs),
    machineMsPerOrder: (after.machine.busyMs - before.machine.busyMs) / options.placements,
    workerMsPerOrder: (after.worker - before.worker) / options.placements,
    apiMsPerOrder: (after.api - before.api) / options.placements,
  };
  book.waiting.push(...placed);
  return {
    open,
    workerRssMiB,
    apiRssMiB,
    waitingGets,
    endedGets,
    loanGets,
    loanUnanswered: tallies.loans.unanswered,
    seen: { waiting: tallies.waiting.seen, ended: tallies.ended.seen },
    placement,
    placementStartedAt,
    placementCpu,
    postgresBytes,
    events: { waiting: waiting.map((h) => h.events), ended: ended.map((h) => h.events) },
    cycles: { waiting: pollCycles, ended: ended.flatMap((h) => (h.cycle ? [h.cycle] : [])) },
  };
}
