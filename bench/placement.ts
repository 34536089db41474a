/**
 * Order placement (`POST /v1/orders`) beside a bare `client.workflow.start`, at each concurrency: once with the orders
 * running as they are placed, and once with them held (no worker runs them until the batch is answered), which is the
 * API's and Temporal's answer alone.
 */
import { randomUUID } from 'node:crypto';
import { bareEmpty } from './bare-workflows';
import { BARE_TASK_QUEUE } from './bare-worker';
import type { BenchEnvironment } from './environment';
import type { Series } from './charts';
import { PLACEMENT_SERIES } from './charts';
import type { Row } from './table';
import { type Batch, percentile, runBatch } from './stats';

/** Placements per concurrency level. */
const PLACEMENTS = Number(process.env.BENCH_PLACEMENTS ?? 200);
export const CONCURRENCIES = (process.env.BENCH_CONCURRENCIES ?? '1,4,16,64').split(',').map(Number);
/** The concurrencies measured again with the orders held. */
const HELD_CONCURRENCIES = (process.env.BENCH_HELD_CONCURRENCIES ?? '1,16').split(',').filter(Boolean).map(Number);
/** A task queue no worker polls: the held bare starts wait there, as voie's held orders wait in theirs. */
const HELD_TASK_QUEUE = 'voie-bench-bare-held';

/**
 * Placements of voie's API at `concurrency`; waits for the orders' results so the next batch starts idle. `held`:
 * with `voie worker` stopped until the batch is answered, so the orders already placed do not run on the same cores
 * while the next ones are placed.
 */
export async function placementBatch(
  bench: BenchEnvironment,
  concurrency: number,
  options: { held?: boolean; count?: number } = {},
): Promise<Batch> {
  const ids: string[] = [];
  const place = () =>
    runBatch(options.count ?? PLACEMENTS, concurrency, async () => {
      ids.push((await bench.los.placeOrder(bench.trueworkOrder())).id);
    });
  const batch = options.held ? await bench.withWorkerStopped(place) : await place();
  await bench.waitForResults(ids);
  return batch;
}

/** Bare starts at `concurrency`: the engine's floor for a placement. */
export async function bareStartBatch(bench: BenchEnvironment, concurrency: number, count = PLACEMENTS): Promise<Batch> {
  const ids: string[] = [];
  const batch = await runBatch(count, concurrency, async () => {
    const id = `bare-start-${randomUUID()}`;
    await bench.client.workflow.start(bareEmpty, { taskQueue: BARE_TASK_QUEUE, workflowId: id });
    ids.push(id);
  });
  await bench.waitForWorkflows(ids);
  return batch;
}

/** {@link bareStartBatch} on a task queue no worker polls; the workflows are then terminated, never run. */
export async function heldBareStartBatch(
  bench: BenchEnvironment,
  concurrency: number,
  count = PLACEMENTS,
): Promise<Batch> {
  const ids: string[] = [];
  const batch = await runBatch(count, concurrency, async () => {
    const id = `bare-held-${randomUUID()}`;
    await bench.client.workflow.start(bareEmpty, { taskQueue: HELD_TASK_QUEUE, workflowId: id });
    ids.push(id);
  });
  await Promise.all(ids.map((id) => bench.client.workflow.getHandle(id).terminate('bench: a held start')));
  return batch;
}

/**
 * The rate and, one at a time, the median latency (what a LOS waits for its answer) of voie beside the baseline;
 * `held`: of the batches with the orders held.
 */
function placementRows(concurrency: number, voie: Batch, floor: Batch, held: boolean): Row[] {
  const tag = held ? ', orders held' : '';
  const rows: Row[] = [
    {
      figure: `placement c=${concurrency}${tag} (orders/s)`,
      value: voie.rate,
      baseline: { name: `bare workflow.start/s${held ? ', held' : ''}`, value: floor.rate },
      better: 'higher',
      // Issue 20's goal, on the figure it was set for.
      ...(concurrency === 1 && !held ? { goal: '≥ 0.5' } : {}),
    },
  ];
  if (concurrency === 1) {
    rows.push({
      figure: `placement c=1${tag}, p50 (ms)`,
      value: percentile(voie.latencies, 50),
      baseline: { name: `bare workflow.start p50${held ? ', held' : ''}`, value: percentile(floor.latencies, 50) },
      better: 'lower',
    });
  }
  return rows;
}

/** Both at each concurrency, then held at `BENCH_HELD_CONCURRENCIES`: the table's rows and the chart's two series. */
export async function benchPlacement(bench: BenchEnvironment): Promise<{ rows: Row[]; series: Series[] }> {
  const placement: Series = { name: PLACEMENT_SERIES.voie, points: [] };
  const bare: Series = { name: PLACEMENT_SERIES.bare, points: [] };
  const rows: Row[] = [];
  for (const concurrency of CONCURRENCIES) {
    const voie = await placementBatch(bench, concurrency);
    const floor = await bareStartBatch(bench, concurrency);
    placement.points.push({ concurrency, rate: voie.rate });
    bare.points.push({ concurrency, rate: floor.rate });
    rows.push(...placementRows(concurrency, voie, floor, false));
  }
  for (const concurrency of HELD_CONCURRENCIES) {
    const voie = await placementBatch(bench, concurrency, { held: true });
    const floor = await heldBareStartBatch(bench, concurrency);
    rows.push(...placementRows(concurrency, voie, floor, true));
  }
  return { rows, series: [placement, bare] };
}
