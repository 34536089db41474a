/** How a test file's long-lived part is started and stopped around its tests. */
export interface Lifecycle<T> {
  start(): Promise<T>;
  stop(started: T): Promise<void>;
  /** Run after each test, e.g. to reset faults. */
  afterEach?(started: T): void;
  /** Jest hook timeouts (ms) for starting and stopping, when the defaults are too short. */
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
}

/**
 * Starts `T` before the file's first test and stops it after the last. Returns a stand-in to use inside tests: it
 * exists before `beforeAll` has run, and forwards to the started value (throwing if a test uses it too early).
 */
export function useStarted<T extends object>(lifecycle: Lifecycle<T>): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await lifecycle.start();
  }, lifecycle.startTimeoutMs);
  if (lifecycle.afterEach) afterEach(() => started && lifecycle.afterEach!(started));
  afterAll(async () => {
    if (started) await lifecycle.stop(started);
  }, lifecycle.stopTimeoutMs);
  return new Proxy({} as T, {
    get(_target, property) {
      if (!started) throw new Error('used before beforeAll started it');
      const value: unknown = Reflect.get(started, property, started);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(started) : value;
    },
  });
}
