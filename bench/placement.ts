/** Order placement (`POST /v1/orders`) beside a bare `client.workflow.start`, at each concurrency. */
import { randomUUID } from 'node:crypto';
import { bareEmpty } from './bare-workflows';
import { BARE_TASK_QUEUE } from './bare-worker';
import type { BenchEnvironment } from './environment';
import type { Series } from './chart';
import type { Row } from './table';
import { type Batch, percentile, runBatch } from './stats';

/** Placements per concurrency level. */
const PLACEMENTS = Number(process.env.BENCH_PLACEMENTS ?? 200);
export const CONCURRENCIES = (process.env.BENCH_CONCURRENCIES ?? '1,4,16,64').split(',').map(Number);

/** Placements of voie's API at `concurrency`; waits for the orders' results so the next batch starts idle. */
export async function placementBatch(bench: BenchEnvironment, concurrency: number, count = PLACEMENTS): Promise<Batch> {
  const ids: string[] = [];
  const batch = await runBatch(count, concurrency, async () => {
    ids.push((await bench.los.placeOrder(bench.trueworkOrder())).id);
  });
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

/** Both at each concurrency: the table's rows and the chart's two series. */
export async function benchPlacement(bench: BenchEnvironment): Promise<{ rows: Row[]; series: Series[] }> {
  const placement: Series = { name: 'POST /v1/orders (orders/s)', color: [220, 80, 40], points: [] };
  const bare: Series = { name: 'bare workflow.start (starts/s)', color: [40, 100, 200], points: [] };
  const rows: Row[] = [];
  for (const concurrency of CONCURRENCIES) {
    const voie = await placementBatch(bench, concurrency);
    const floor = await bareStartBatch(bench, concurrency);
    placement.points.push({ concurrency, rate: voie.rate });
    bare.points.push({ concurrency, rate: floor.rate });
    rows.push({
      figure: `placement c=${concurrency} (orders/s)`,
      value: voie.rate,
      baseline: { name: 'bare workflow.start/s', value: floor.rate },
      better: 'higher',
      ...(concurrency === 1 ? { goal: '≥ 0.5' } : {}),
    });
    // One at a time, what a LOS waits for its answer.
    if (concurrency === 1) {
      rows.push({
        figure: 'placement c=1, p50 (ms)',
        value: percentile(voie.latencies, 50),
        baseline: { name: 'bare workflow.start p50', value: percentile(floor.latencies, 50) },
        better: 'lower',
      });
    }
  }
  return { rows, series: [placement, bare] };
}
