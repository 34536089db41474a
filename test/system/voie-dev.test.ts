import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { freeLoopbackPort } from '../../src/net/free-port';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import type { OrderView } from '../../src/domain';
import { CallbackReceiver, deliverySignatureIsValid, eventually, LosClient, truvOrderBody } from '../kit';

/** `npm start` as a user runs it: its banner, its curl, its Temporal UI and codec, and a restart. */
const ROOT = join(__dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'voie-dev-'));
let receiver: CallbackReceiver;
let ports: { api: number; ui: number; temporal: number; metrics: number };
/** The `voie dev` processes started, so that a failed test stops them too (with its Temporal server). */
const started: ChildProcess[] = [];

interface Running {
  child: ChildProcess;
  banner: string;
}

/** Starts `voie dev` and resolves with its banner once it says it is running. */
function startVoie(): Promise<Running> {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'src', 'main.ts'), 'dev'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      VOIE_DATA_DIR: dataDir,
      PORT: String(ports.api),
      TEMPORAL_UI_PORT: String(ports.ui),
      TEMPORAL_DEV_PORT: String(ports.temporal),
      VOIE_METRICS_PORT: String(ports.metrics),
      VOIE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`voie dev did not start:\n${output}`)), 90_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ctrl-C stops everything')) {
        clearTimeout(timer);
        resolve({ child, banner: output });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`voie dev exited with ${code}:\n${output}`)));
  });
}

function stopVoie(running: Running): Promise<number | null> {
  return new Promise((resolve) => {
    running.child.once('exit', (code) => resolve(code));
    running.child.kill('SIGINT');
  });
}

function field(banner: string, label: string): string {
  const match = new RegExp(`${label}\\s+(\\S+)`).exec(banner);
  if (!match) throw new Error(`no ${label} in the banner:\n${banner}`);
  return match[1]!;
}

/** The LOS of `voie dev`, with the API key its banner printed. */
function losOf(apiKey: string): LosClient {
  return new LosClient({ baseUrl: `http://127.0.0.1:${ports.api}`, apiKey });
}

/** Reads the order until its status is one of `statuses`. */
function waitForStatus(los: LosClient, id: string, statuses: string[]): Promise<OrderView> {
  return los.waitForOrder(id, (order) => statuses.includes(order.status));
}

beforeAll(async () => {
  ports = {
    api: await freeLoopbackPort(),
    ui: await freeLoopbackPort(),
    temporal: await freeLoopbackPort(),
    metrics: await freeLoopbackPort(),
  };
  receiver = await CallbackReceiver.start();
});

afterAll(async () => {
  for (const child of started.filter((c) => c.exitCode === null && c.signalCode === null)) {
    await stopVoie({ child, banner: '' });
  }
  await receiver.close();
});

describe('voie dev', () => {
  it('runs orders of both providers from its printed curl to a signed result, shows them decrypted to the UI, and resumes them after a restart', async () => {
    let running = await startVoie();
    // A clean start says nothing at warning level (the provider queues' activity-only workers are by design).
    expect(running.banner).not.toContain('"level":"warn"');
    const apiKey = field(running.banner, 'API key');
    const los = losOf(apiKey);
    const callbackSecret = field(running.banner, 'callback secret');
    const codecKey = /key: (\S+)\)/.exec(running.banner)![1]!;

    // The printed curl's body, with a callback URL added.
    const printed = JSON.parse(/-d '(\{.*\})'/.exec(running.banner)![1]!) as Record<string, unknown>;
    const truework = await los.api('POST', '/v1/orders', { ...printed, callback_url: receiver.url });
    expect(truework.status).toBe(201);
    const truv = await los.api(
      'POST',
      '/v1/orders',
      truvOrderBody(receiver.url, 'Success', { employer: { name: 'Home Depot' } }),
    );
    expect(truv.status).toBe(201);
    for (const id of [truework.body.id, truv.body.id]) {
      expect((await waitForStatus(los, id, ['completed', 'failed', 'canceled'])).status).toBe('completed');
    }
    for (const id of [truework.body.id, truv.body.id]) {
      const completed = await eventually(() => receiver.accepted(id).find((d) => d.body.type === 'order.completed'), {
        timeoutMs: 10_000,
        what: `order.completed delivered for ${id}`,
      });
      expect(deliverySignatureIsValid(completed, callbackSecret)).toBe(true);
    }

    // One /metrics for everything voie dev runs, on its metrics port (the banner's): the workers' (the Temporal
    // SDK's, with their units) and voie's own. The API's port has none.
    expect(field(running.banner, 'metrics')).toBe(`http://127.0.0.1:${ports.metrics}/metrics`);
    expect((await fetch(`http://127.0.0.1:${ports.api}/metrics`)).status).toBe(404);
    const metrics = await (await fetch(`http://127.0.0.1:${ports.metrics}/metrics`)).text();
    expect(metrics).toMatch(/^temporal_activity_execution_latency_seconds_count\{.*\} [1-9]/m);
    expect(metrics).toMatch(/^voie_orders_placed_total\{.*\} [1-9]/m);
    expect(metrics).toMatch(/^voie_orders_ended_total\{provider="truework",status="completed"\} 1$/m);
    expect(metrics).toMatch(/^voie_orders_ended_total\{provider="truv",status="completed"\} 1$/m);

    // The embedded UI decrypts through voie's codec endpoint.
    const settings = (await (await fetch(`http://127.0.0.1:${ports.ui}/api/v1/settings`)).json()) as {
      Codec: { Endpoint: string };
    };
    expect(settings.Codec.Endpoint).toBe(`http://127.0.0.1:${ports.api}/codec/${codecKey}`);

    // The banner says where the `temporal` CLI it runs is (`.tools/` is on no PATH), and that CLI answers.
    const temporalCli = resolve(ROOT, field(running.banner, 'temporal CLI'));
    expect(execFileSync(temporalCli, ['--version'], { encoding: 'utf8' })).toMatch(/^temporal version /);

    // Ended orders stay readable for 30 days, not the dev server's default single day.
    const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
    const namespace = await connection.workflowService.describeNamespace({ namespace: 'default' });
    expect(Number(namespace.config?.workflowExecutionRetentionTtl?.seconds)).toBe(30 * 86_400);
    await connection.close();

    // An order left open across a restart carries on.
    const open = await los.api('POST', '/v1/orders', {
      ...printed,
      external_id: `restart-${Date.now()}`,
      applicant: { first_name: 'Jane', last_name: 'Doe', ssn: '000-03-0000' },
      options: { cancel_on_action_required: false },
    });
    await waitForStatus(los, open.body.id, ['action_required']);
    expect(await stopVoie(running)).toBe(0);

    running = await startVoie();
    expect(field(running.banner, 'API key')).toBe(apiKey);
    expect((await los.api('GET', `/v1/orders/${open.body.id}`)).body.status).toBe('action_required');
    expect((await los.api('GET', `/v1/orders/${truework.body.id}/report`)).status).toBe(200);
    expect((await los.api('POST', `/v1/orders/${open.body.id}/cancel`)).status).toBe(202);
    expect((await waitForStatus(los, open.body.id, ['canceled', 'failed'])).status).toBe('canceled');
    expect(await stopVoie(running)).toBe(0);
  }, 300_000);
});
