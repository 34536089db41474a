/** Counting helpers of the bench: a fixed number of calls at a fixed concurrency, their rate and latencies. */

/** What a batch of calls took. */
export interface Batch {
  /** Calls per second over the whole batch. */
  rate: number;
  /** Milliseconds, sorted ascending. */
  latencies: number[];
}

/** The value at percentile `p` (0-100) of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Runs `call(i)` for i in 0..count-1, `concurrency` at a time; rate and latencies of the batch. */
export async function runBatch(
  count: number,
  concurrency: number,
  call: (index: number) => Promise<void>,
): Promise<Batch> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const index = next++;
        const t = performance.now();
        await call(index);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { rate: count / seconds, latencies: latencies.sort((a, b) => a - b) };
}
