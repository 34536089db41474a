/**
 * What an installer is doing and for how long, on stderr: `label: phase… outcome (1.2 s)`. Installs take minutes
 * (a Go build), so each phase says what it tries before it starts and how long it took when it ends.
 */
export class PhaseLog {
  constructor(
    private readonly label: string,
    private readonly write: (text: string) => void = (text) => void process.stderr.write(text),
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Runs one phase: prints `label: what…`, then `outcome (N s)` (by default `done`), or `failed (N s): reason` and
   * rethrows.
   */
  async run<T>(what: string, phase: () => Promise<T>, outcome: (result: T) => string = () => 'done'): Promise<T> {
    this.write(`${this.label}: ${what}…`);
    const started = this.now();
    try {
      const result = await phase();
      this.write(` ${outcome(result)} (${this.elapsed(started)})\n`);
      return result;
    } catch (err) {
      this.write(` failed (${this.elapsed(started)}): ${firstLine(err)}\n`);
      throw err;
    }
  }

  /** {@link run} for a synchronous phase (the cluster's build, which its suite awaits anyway). */
  runSync<T>(what: string, phase: () => T, outcome: (result: T) => string = () => 'done'): T {
    this.write(`${this.label}: ${what}…`);
    const started = this.now();
    try {
      const result = phase();
      this.write(` ${outcome(result)} (${this.elapsed(started)})\n`);
      return result;
    } catch (err) {
      this.write(` failed (${this.elapsed(started)}): ${firstLine(err)}\n`);
      throw err;
    }
  }

  /** A line of its own, for what needed no phase (a binary already installed). */
  say(text: string): void {
    this.write(`${this.label}: ${text}\n`);
  }

  /** A phase that was not tried, and why. */
  skip(what: string, why: string): void {
    this.write(`${this.label}: ${what}… skipped: ${why}\n`);
  }

  private elapsed(started: number): string {
    return formatSeconds(this.now() - started);
  }
}

/** `1.2 s` under a minute, `212 s` above ten seconds: precise where it matters, short where it does not. */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return seconds < 10 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds)} s`;
}

/** The first line of an error's message: a failed phase's line stays one line, its detail goes in the thrown error. */
export function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n', 1)[0] ?? message;
}
