import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer, Socket } from 'node:net';

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
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
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

  /** The last lines the process printed. */
  tail(lines = 40): string {
    return this.output.split('\n').slice(-lines).join('\n');
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

  /** Sends `signal` and waits for the exit (SIGKILL after `graceMs`); resolves with the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 20_000): Promise<number | null> {
    if (this.running) this.signal(signal);
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends `signal` to the process's group. */
  signal(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch {
      // the group is gone already
    }
  }

  /** `kill -9`: no chance to clean up, as when a machine dies. */
  kill(): Promise<number | null> {
    return this.stop('SIGKILL');
  }
}

/** A TCP port free on 127.0.0.1 right now (the kernel's pick). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `count` distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
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
