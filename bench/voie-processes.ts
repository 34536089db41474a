/**
 * voie as production runs it: `voie api` and `voie worker` as two processes of their own, so that each one's memory
 * can be read, pointed at the bench's Temporal server and provider simulators; and the bare HTTP ingress, the
 * webhook ingress's floor, run the same way.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeLoopbackPort } from '../src/net/free-port';
import { eventually } from '../test/kit';
import { BARE_INGRESS_LISTENING } from './bare-ingress';
import { cpuTimeMs, residentMiB } from '../test/support/process-usage';

const ROOT = join(__dirname, '..');

/** Whether voie runs from its TypeScript sources under tsx (`BENCH_VOIE=tsx`) rather than compiled. */
function runsFromSources(): boolean {
  return process.env.BENCH_VOIE === 'tsx';
}

/** A compiled file under dist/, which must have been built. */
function compiled(...path: string[]): string {
  const file = join(ROOT, 'dist', ...path);
  if (!existsSync(file)) {
    throw new Error(`no ${file}: run \`npm run bench\`'s builds first (or BENCH_VOIE=tsx to run the sources)`);
  }
  return file;
}

/** One running process of the bench: `voie api`, `voie worker`, or the bare HTTP ingress. */
export class VoieProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly logFile: string,
  ) {}

  /** Starts `voie <command>` with `env`, its output in `logFile`; resolves once `ready()` says so. */
  static start(
    command: 'api' | 'worker',
    env: Record<string, string>,
    logFile: string,
    ready: (process: VoieProcess) => Promise<boolean>,
  ): Promise<VoieProcess> {
    // Compiled code and the prebuilt workflow bundle (`npm run build`, which `npm run bench` runs first), as the Docker
    // image runs voie; `BENCH_VOIE=tsx` runs the TypeScript sources under tsx, as `npm start` does.
    const entry = runsFromSources() ? ['--import', 'tsx', join(ROOT, 'src', 'main.ts')] : [compiled('src', 'main.js')];
    return VoieProcess.spawn(`voie ${command}`, [...entry, command], env, logFile, ready);
  }

  /**
   * Starts `node <args>` with `env`, its output in `logFile`; resolves once `ready()` says so. The bench's own
   * processes (the bare HTTP ingress) start here too, so that they run as voie's do.
   */
  static async spawn(
    what: string,
    args: string[],
    env: Record<string, string>,
    logFile: string,
    ready: (process: VoieProcess) => Promise<boolean>,
  ): Promise<VoieProcess> {
    const out = openSync(logFile, 'a');
    // node with tsx's loader rather than the tsx command, which would run voie in a child of its own.
    // `BENCH_NODE_ARGS` profiles voie (and the bare ingress beside it) under the bench, e.g. `--cpu-prof
    // --cpu-prof-dir=/tmp/prof` (not allowed in NODE_OPTIONS).
    const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(process.execPath, [...nodeArgs, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', out, out],
    });
    const started = new VoieProcess(child, logFile);
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`${what} exited ${child.exitCode}: see ${logFile}`);
        return ready(started);
      },
      { what: `${what} starting (see ${logFile})`, timeoutMs: 120_000, intervalMs: 200 },
    );
    return started;
  }

  /** Resident memory in MiB, from /proc. */
  rssMiB(): number {
    return residentMiB(this.child.pid!);
  }

  /** CPU time (user + system) the process has used so far, in ms, from /proc. */
  cpuMs(): number {
    return cpuTimeMs(this.child.pid!);
  }

  log(): string {
    return readFileSync(this.logFile, 'utf8');
  }

  /**
   * Runs `during` with the process stopped (SIGSTOP), and lets it go on (SIGCONT) however `during` ends: to show what
   * is served without it. Keep `during` short: Temporal times out a task the stopped worker holds.
   */
  async paused<T>(during: () => Promise<T>): Promise<T> {
    this.child.kill('SIGSTOP');
    try {
      return await during();
    } finally {
      this.child.kill('SIGCONT');
    }
  }

  /** SIGTERM, as a supervisor stops it; waits until it has exited. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(killer);
  }
}

/** Starts `voie api` on a free port; resolves with it, its URL and its `/metrics` URL once `/healthz` answers. */
export async function startApi(
  env: Record<string, string>,
  logFile: string,
): Promise<{ api: VoieProcess; url: string; metricsUrl: string }> {
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  // The API's /metrics needs a free port too: a worker of the bench (or another voie) may hold the default 9464.
  const metricsPort = await freeLoopbackPort();
  const api = await VoieProcess.start(
    'api',
    { ...env, PORT: String(port), VOIE_METRICS_PORT: String(metricsPort) },
    logFile,
    async () => {
      const response = await fetch(`${url}/healthz`).catch(() => undefined);
      return response?.ok ?? false;
    },
  );
  return { api, url, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` };
}

/** Starts `voie worker`; resolves once it says it runs (`logFile` must be the start's own). */
export function startWorker(env: Record<string, string>, logFile: string): Promise<VoieProcess> {
  return VoieProcess.start('worker', env, logFile, (worker) =>
    Promise.resolve(worker.log().includes('voie worker running')),
  );
}

/**
 * Starts the bare HTTP ingress (`bare-ingress-main.ts`) on a free port, run as `voie api` runs: compiled
 * (`tsconfig.bench.json`, which `npm run bench` builds) or, with `BENCH_VOIE=tsx`, from its sources under tsx.
 * `env` is voie api's own. Resolves with it and its URL once it listens.
 */
export async function startBareIngress(
  env: Record<string, string>,
  logFile: string,
  fromSources = runsFromSources(),
): Promise<{ ingress: VoieProcess; url: string }> {
  const port = await freeLoopbackPort();
  const entry = fromSources
    ? ['--import', 'tsx', join(ROOT, 'bench', 'bare-ingress-main.ts')]
    : [compiled('bench', 'bench', 'bare-ingress-main.js')];
  const ingress = await VoieProcess.spawn('bare ingress', entry, { ...env, PORT: String(port) }, logFile, (started) =>
    Promise.resolve(started.log().includes(BARE_INGRESS_LISTENING)),
  );
  return { ingress, url: `http://127.0.0.1:${port}` };
}
