/** Order placement (`POST /v1/orders`) beside a bare `client.workflow.start`, at each concurrency. */
import { randomUUID } from 'node:crypto';
import { bareEmpty } from './bare-workflows';
import { BARE_TASK_QUEUE } from './bare-worker';
import type { BenchEnvironment } from './environment';
import type { Series } from './charts';
import { PLACEMENT_SERIES } from './charts';
import type { Row } from './table';
import { runBatch } from './stats';

/** Placements per concurrency level. */
const PLACEMENTS = Number(process.env.BENCH_PLACEMENTS ?? 200);
export const CONCURRENCIES = (process.env.BENCH_CONCURRENCIES ?? '1,4,16,64').split(',').map(Number);

/** Placements per second of voie's API at `concurrency`; waits for the orders' results so the next batch starts idle. */
export async function placementRate(bench: BenchEnvironment, concurrency: number, count = PLACEMENTS): Promise<number> {
  const ids: string[] = [];
  const batch = await runBatch(count, concurrency, async () => {
    ids.push((await bench.los.placeOrder(bench.trueworkOrder())).id);
  });
  await bench.waitForResults(ids);
  return batch.rate;
}

/** Bare starts per second at `concurrency`: the engine's floor for a placement. */
export async function bareStartRate(bench: BenchEnvironment, concurrency: number, count = PLACEMENTS): Promise<number> {
  const ids: string[] = [];
  const batch = await runBatch(count, concurrency, async () => {
    const id = `bare-start-${randomUUID()}`;
    await bench.client.workflow.start(bareEmpty, { taskQueue: BARE_TASK_QUEUE, workflowId: id });
    ids.push(id);
  });
  await bench.waitForWorkflows(ids);
  return batch.rate;
}

/** Both at each concurrency: the table's rows and the chart's two series. */
export async function benchPlacement(bench: BenchEnvironment): Promise<{ rows: Row[]; series: Series[] }> {
  const placement: Series = { name: PLACEMENT_SERIES.voie, points: [] };
  const bare: Series = { name: PLACEMENT_SERIES.bare, points: [] };
  const rows: Row[] = [];
  for (const concurrency of CONCURRENCIES) {
    const voie = await placementRate(bench, concurrency);
    const floor = await bareStartRate(bench, concurrency);
    placement.points.push({ concurrency, rate: voie });
    bare.points.push({ concurrency, rate: floor });
    rows.push({
      figure: `placement c=${concurrency} (orders/s)`,
      value: voie,
      baseline: { name: 'bare workflow.start/s', value: floor },
      better: 'higher',
    });
  }
  return { rows, series: [placement, bare] };
}
