/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How long {@link eventually} keeps asking, and what it says when it gives up. */
export interface EventuallyOptions<T> {
  /** Default 20 s. */
  timeoutMs?: number;
  /** Pause between two probes; default 50 ms. */
  intervalMs?: number;
  /** What was awaited, for the error; given the last value the probe returned. */
  what?: string | ((last: T | undefined) => string);
}

/**
 * Asks `probe` again and again until it returns something truthy, and returns that: for what a test can only
 * observe from outside (an HTTP answer, a delivery received, a log line). Throws after the timeout.
 */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  options: EventuallyOptions<T> = {},
): Promise<NonNullable<T>> {
  const { timeoutMs = 20_000, intervalMs = 50, what = 'the condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) {
      const awaited = typeof what === 'function' ? what(last) : what;
      throw new Error(`${awaited} did not hold within ${timeoutMs} ms`);
    }
    await sleep(intervalMs);
  }
}
