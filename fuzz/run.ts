/**
 * `npm run fuzz`: schemathesis, an independent OpenAPI fuzzer, against `voie dev` as a user starts it, with every
 * check and the stateful phase (it follows the document's links from a placed order to its routes). Starts voie on
 * free ports with a temporary data folder, waits until it is ready, fuzzes a bounded number of examples, then stops
 * everything it started. Exits with schemathesis's status: zero only with zero failures.
 *
 * FUZZ_EXAMPLES (examples per operation, default 40) and FUZZ_SEED (default fixed, so CI is repeatable) widen a run.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freeLoopbackPort } from '../src/net/free-port';
import { ensureSchemathesis } from './schemathesis';

const ROOT = resolve(__dirname, '..');
const EXAMPLES = process.env.FUZZ_EXAMPLES ?? '40';
const SEED = process.env.FUZZ_SEED ?? '7';
const API_KEY = 'voie_fuzz_key';
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Waits until `/readyz` answers 200 (the API is up and reaches Temporal), or voie exits, or time runs out. */
async function waitUntilReady(apiUrl: string, voie: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (voie.exitCode !== null || voie.signalCode !== null) throw new Error('voie dev exited before it was ready');
    const ready = await fetch(`${apiUrl}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await sleep(500);
  }
  throw new Error(`voie dev was not ready within ${READY_TIMEOUT_MS / 1000} s`);
}

/** Stops voie dev and what it started (its process group: the Temporal dev server included), then waits for it. */
async function stop(voie: ChildProcess): Promise<void> {
  if (voie.exitCode !== null || voie.signalCode !== null) return;
  const group = -voie.pid!;
  process.kill(group, 'SIGINT');
  const stopped = await Promise.race([exited(voie).then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
  if (!stopped) {
    process.stderr.write('voie dev did not stop on SIGINT; killing it\n');
    process.kill(group, 'SIGKILL');
    await exited(voie);
  }
  // Whatever of the group outlived voie itself (a server it had not yet stopped).
  try {
    process.kill(group, 'SIGKILL');
  } catch {
    // the group is gone: nothing left running
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
  return exited(child).then((code) => code ?? 1);
}

async function main(): Promise<number> {
  const schemathesis = ensureSchemathesis();
  const workDir = mkdtempSync(join(tmpdir(), 'voie-fuzz-'));
  const logFile = join(workDir, 'voie-dev.log');
  // Every port its own: another voie on this machine (an `npm start`) keeps its ports, the metrics' included.
  const [api, ui, temporal, metrics] = [
    await freeLoopbackPort(),
    await freeLoopbackPort(),
    await freeLoopbackPort(),
    await freeLoopbackPort(),
  ];
  const apiUrl = `http://127.0.0.1:${api}`;
  const log = createWriteStream(logFile);
  const voie = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'src', 'main.ts'), 'dev'], {
    cwd: ROOT,
    // Its own process group, so stopping it reaches the Temporal dev server it starts too.
    detached: true,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      VOIE_DATA_DIR: join(workDir, 'data'),
      PORT: String(api),
      TEMPORAL_UI_PORT: String(ui),
      TEMPORAL_DEV_PORT: String(temporal),
      VOIE_METRICS_PORT: String(metrics),
      VOIE_API_KEYS: API_KEY,
      // The fuzzer is one client sending thousands of requests; 429s would only hide the routes behind them.
      VOIE_RATE_LIMIT: '1000000',
      VOIE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  voie.stdout?.pipe(log);
  voie.stderr?.pipe(log);
  const interrupted = (): void => void stop(voie).finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  let status = 1;
  try {
    await waitUntilReady(apiUrl, voie);
    process.stdout.write(`voie dev is ready at ${apiUrl}; fuzzing ${EXAMPLES} examples per operation, seed ${SEED}\n`);
    status = await run(
      schemathesis,
      [
        'run',
        `${apiUrl}/openapi.json`,
        '--checks',
        'all',
        '--phases',
        'examples,coverage,fuzzing,stateful',
        '--header',
        `Authorization: Bearer ${API_KEY}`,
        '--max-examples',
        EXAMPLES,
        '--seed',
        SEED,
        '--workers',
        '2',
        '--generation-database',
        'none',
      ],
      { ...process.env, PYTHONPATH: __dirname, SCHEMATHESIS_HOOKS: 'schemathesis_hooks' },
      workDir,
    );
  } finally {
    await stop(voie);
    log.end();
    if (status !== 0) {
      const lines = readFileSync(logFile, 'utf8').trimEnd().split('\n');
      process.stderr.write(`--- the last lines voie dev wrote\n${lines.slice(-40).join('\n')}\n`);
    }
    rmSync(workDir, { recursive: true, force: true });
  }
  return status;
}

main().then(
  (status) => process.exit(status),
  (err: unknown) => {
    process.stderr.write(`fuzz: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
