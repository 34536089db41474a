/**
 * A simulator's background work: scheduled steps, webhook deliveries, sleeps and requests in flight. Counting it
 * lets tests wait until nothing is left to happen ({@link SimulatorLifecycle.idle}), and keeping hold of it lets
 * {@link SimulatorLifecycle.shutdown} stop all of it at once, so a closed simulator leaves no timer or socket behind.
 */
export class SimulatorLifecycle {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sleeps = new Map<NodeJS.Timeout, () => void>();
  private readonly inflight = new Set<AbortController>();
  private readonly idleWaiters: (() => void)[] = [];
  private pending = 0;
  private stopped = false;

  /** True once {@link SimulatorLifecycle.shutdown} ran; nothing new starts from then on. */
  get closed(): boolean {
    return this.stopped;
  }

  /** Counts one piece of work that {@link SimulatorLifecycle.idle} waits for; call `settle` once it is over. */
  begin(): void {
    this.pending += 1;
  }

  /** Ends a piece of work counted by `begin`. */
  settle(): void {
    if (this.pending > 0) this.pending -= 1;
    if (this.pending === 0) this.resolveIdle();
  }

  /** Resolves once no counted work is left, or at once when closed. */
  idle(): Promise<void> {
    if (this.pending === 0 || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Runs `work` after `ms`, counted as pending until it has run (work it schedules itself is counted before this
   * settles, so `idle` does not resolve between two steps). Once closed nothing is scheduled and this is undefined.
   */
  schedule(ms: number, work: () => void): NodeJS.Timeout | undefined {
    if (this.stopped) return undefined;
    this.begin();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      try {
        work();
      } finally {
        this.settle();
      }
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  /** Cancels a timer from `schedule` that has not fired yet; one that has (or undefined) is ignored. */
  cancel(timer: NodeJS.Timeout | undefined): void {
    if (timer === undefined || !this.timers.delete(timer)) return;
    clearTimeout(timer);
    this.settle();
  }

  /** Waits `ms`, or less: shutdown cuts every sleep short, so the code waiting on it can see `closed` and stop. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve();
      const timer = setTimeout(() => {
        this.sleeps.delete(timer);
        resolve();
      }, ms);
      this.sleeps.set(timer, resolve);
    });
  }

  /** Runs `run` with a signal that shutdown aborts, for I/O that must not outlive the simulator. */
  abortable<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.inflight.add(controller);
    return run(controller.signal).finally(() => this.inflight.delete(controller));
  }

  /** Cancels every timer, ends every sleep, aborts what is in flight and releases whoever waits for `idle`. */
  shutdown(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const [timer, resolve] of this.sleeps) {
      clearTimeout(timer);
      resolve();
    }
    this.sleeps.clear();
    for (const controller of this.inflight) controller.abort();
    this.pending = 0;
    this.resolveIdle();
  }

  private resolveIdle(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
