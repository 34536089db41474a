import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, isListening, ManagedProcess } from '../cluster/support/processes';
import { eventually } from '../kit';

/**
 * `npm start` stopped as a process supervisor or a terminal stops it: one signal to one process (npm, or voie under
 * it). Everything it started must stop with it: voie, the embedded Temporal server, the provider simulators, with
 * nothing left listening and no process left.
 */
const ROOT = join(__dirname, '..', '..');
const dataDirs: string[] = [];
afterAll(() => dataDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The TCP ports the processes `pids` listen on (from `ss`, which names each listening socket's process). */
function listeningPorts(pids: number[]): number[] {
  const sockets = execFileSync('ss', ['-Hltnp'], { encoding: 'utf8' }).split('\n');
  const ports = sockets
    .filter((line) => pids.some((pid) => line.includes(`pid=${pid},`)))
    .map((line) => Number(/:(\d+)\s/.exec(line)?.[1]));
  return [...new Set(ports)].filter((port) => port > 0);
}

interface NpmStartPorts {
  api: number;
  ui: number;
  temporal: number;
  metrics: number;
}

function spawnNpmStart(dataDir: string, ports: NpmStartPorts): ManagedProcess {
  return ManagedProcess.start('npm start', 'npm', ['start'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      VOIE_DATA_DIR: dataDir,
      PORT: String(ports.api),
      TEMPORAL_UI_PORT: String(ports.ui),
      TEMPORAL_DEV_PORT: String(ports.temporal),
      VOIE_METRICS_PORT: String(ports.metrics),
      VOIE_LOG_LEVEL: 'warn',
    },
  });
}

async function freePorts(): Promise<NpmStartPorts> {
  return { api: await freePort(), ui: await freePort(), temporal: await freePort(), metrics: await freePort() };
}

function newDataDir(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'voie-npm-start-'));
  dataDirs.push(dataDir);
  return dataDir;
}

async function startNpm(): Promise<{ npm: ManagedProcess; ports: number[] }> {
  const configured = await freePorts();
  const npm = spawnNpmStart(newDataDir(), configured);
  await npm.waitForOutput('Ctrl-C stops everything', 120_000);
  const ports = listeningPorts(npm.groupProcessIds());
  // voie's API and metrics, the Temporal server's gRPC and UI ports, and one port per provider simulator.
  expect(ports).toEqual(expect.arrayContaining(Object.values(configured)));
  expect(ports.length).toBeGreaterThanOrEqual(6);
  return { npm, ports };
}

/** voie's process: npm's child (npm runs `exec bin/voie dev`, which execs node). */
function voieProcessId(npm: ManagedProcess): number {
  const children = execFileSync('pgrep', ['-P', String(npm.pid)], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  expect(children).toHaveLength(1);
  return Number(children[0]);
}

describe('npm start', () => {
  it.each([
    ['SIGTERM', 'npm'],
    ['SIGINT', 'npm'],
    ['SIGTERM', 'voie'],
  ] as const)(
    'stops voie, the embedded Temporal server and the simulators on %s to %s, leaving nothing listening',
    async (signal, target) => {
      const { npm, ports } = await startNpm();
      try {
        const started = Date.now();
        if (target === 'npm') expect(await npm.stop(signal, 30_000)).toBe(0);
        else {
          process.kill(voieProcessId(npm), signal);
          await npm.waitFor(() => !npm.running, 'its exit after voie stopped', 30_000);
          expect(await npm.stop()).toBe(0); // npm exits with voie's status
        }
        expect(Date.now() - started).toBeLessThan(30_000); // stopped by the signal, not by stop()'s SIGKILL
        await eventually(() => npm.groupProcessIds().length === 0, {
          timeoutMs: 5_000,
          what: () => `no process left of npm start (left: ${npm.groupProcessIds().join(', ')})`,
        });
        for (const port of ports) expect(await isListening(port)).toBe(false);
      } finally {
        await npm.kill();
      }
    },
    180_000,
  );

  it('stops the embedded Temporal server it started when voie fails to start (its API port taken)', async () => {
    const ports = await freePorts();
    const taken = createServer().listen(ports.api);
    await once(taken, 'listening');
    const npm = spawnNpmStart(newDataDir(), ports);
    try {
      await npm.waitFor(() => !npm.running, 'its exit', 120_000);
      expect(await npm.stop()).toBe(1);
    } finally {
      taken.close();
    }
    try {
      expect(npm.printed).toContain('EADDRINUSE');
      // The server was up (voie listens after starting it) and, told to stop as voie exited, goes too.
      await eventually(() => npm.groupProcessIds().length === 0, {
        timeoutMs: 10_000,
        what: () => `no process left of npm start (left: ${npm.groupProcessIds().join(', ')})`,
      });
      expect(await isListening(ports.temporal)).toBe(false);
      expect(await isListening(ports.ui)).toBe(false);
    } finally {
      await npm.kill();
    }
  }, 180_000);
});
