/** Waiting for many orders to get somewhere, by reading them through the API as a LOS would. */
import type { OrderView } from '../src/domain';
import { eventually, type LosClient } from '../test/kit';
import { runBatch } from './stats';

/** Reads in flight at once in a sweep: the other phases' concurrency. */
const SWEEP_CONCURRENCY = 16;

/**
 * Reads each order (16 in flight) until every one satisfies `done`; those that did are not read again. Fails after
 * `timeoutMs`, naming how many of the orders were not yet `what`.
 */
export async function sweepUntil(
  los: LosClient,
  ids: readonly string[],
  done: (order: OrderView) => boolean,
  what: string,
  timeoutMs: number,
): Promise<void> {
  let left = [...ids];
  await eventually(
    async () => {
      const still: string[] = [];
      await runBatch(left.length, SWEEP_CONCURRENCY, async (i) => {
        const response = await los.api<OrderView>('GET', `/v1/orders/${left[i]!}`);
        if (response.status !== 200 || !done(response.body)) still.push(left[i]!);
      });
      left = still;
      return left.length === 0;
    },
    { what: () => `${left.length} of ${ids.length} orders ${what}`, timeoutMs, intervalMs: 2_000 },
  );
}
