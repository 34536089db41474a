import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';

/**
 * A program of the cluster running as its own OS process, with the tail of what it printed kept for the error a
 * test throws when it does not come up or dies early.
 */
export class ManagedProcess {
  private output = '';
  private readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  constructor(
    /** What the process is, for errors: `postgres`, `voie api #1`. */
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    // VOIE_CLUSTER_LOGS=<folder> keeps each process's whole output there, to read after a failed run.
    const logDir = process.env.VOIE_CLUSTER_LOGS;
    const logFile = logDir ? join(logDir, `${name.replace(/[^\w.-]+/g, '-')}.log`) : undefined;
    if (logDir) mkdirSync(logDir, { recursive: true });
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
      if (logFile) appendFileSync(logFile, chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      });
      child.once('error', (err) => {
        keep(Buffer.from(`\n${err.message}\n`));
        this.exitCode = null;
        resolve(null);
      });
    });
  }

  /**
   * Starts `command` with its output captured (never printed: a passing run stays quiet), in a process group of its
   * own: signals reach everything it started (`bin/voie` is a shell script that runs tsx, which runs node), as when
   * a container is stopped or dies.
   */
  static start(name: string, command: string, args: string[], options: SpawnOptions = {}): ManagedProcess {
    return new ManagedProcess(
      name,
      spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** The end of what the process printed (its last 3,000 characters), for errors. */
  tail(): string {
    return this.output.slice(-3_000);
  }

  /** Everything kept of its output (the last 20,000 characters). */
  get printed(): string {
    return this.output;
  }

  /** Resolves once the output contains `text`; rejects if the process exits first or the time runs out. */
  async waitForOutput(text: string | RegExp, timeoutMs = 60_000): Promise<void> {
    const seen = (): boolean => (typeof text === 'string' ? this.output.includes(text) : text.test(this.output));
    await this.waitFor(seen, `"${String(text)}" in its output`, timeoutMs);
  }

  /** Polls `ready` until it holds; fails with the process's last output if it exits or the time runs out. */
  async waitFor(ready: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await ready()) return;
      if (!this.running) throw new Error(`${this.name} exited (${this.exitCode}) before ${what}:\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`${this.name}: no ${what} within ${timeoutMs} ms:\n${this.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Sends `signal` to the process, as a supervisor does (which relays it to its children), and waits for the exit;
   * past `graceMs` the whole group is killed. Resolves with the exit code.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 20_000): Promise<number | null> {
    if (this.running) this.child.kill(signal);
    const timer = setTimeout(() => this.killGroup(), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The ids of every process of its group still alive (the process and what it started). */
  groupProcessIds(): number[] {
    try {
      return execFileSync('pgrep', ['-g', String(this.pid)], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map(Number);
    } catch {
      return []; // pgrep exits 1 when none is left
    }
  }

  /** `kill -9` of the process and everything it started: no chance to clean up, as when a machine dies. */
  async kill(): Promise<number | null> {
    this.killGroup();
    return this.exited;
  }

  private killGroup(): void {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // the group is gone already
    }
  }
}

/**
 * A TCP port free on 127.0.0.1 right now: the kernel's pick, or with `below`, a random free port under that bound
 * (the Temporal server stores membership ports as a signed 16-bit number, and the kernel picks from 32768 up).
 */
export async function freePort(below?: number): Promise<number> {
  for (;;) {
    const wanted = below === undefined ? 0 : 20_000 + Math.floor(Math.random() * (below - 20_000));
    const port = await tryListen(wanted);
    if (port !== undefined) return port;
  }
}

/** `count` distinct free ports (see {@link freePort} for `below`). */
export async function freePorts(count: number, below?: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort(below));
  return [...ports];
}

function tryListen(port: number): Promise<number | undefined> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as { port: number };
      server.close(() => resolve(bound));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (listening: boolean): void => {
      socket.destroy();
      resolve(listening);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1');
  });
}
