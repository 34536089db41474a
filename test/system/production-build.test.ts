import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { TrueworkSimulator } from '../../dev/simulators/truework/simulator';
import { freePort, ManagedProcess } from '../cluster/support/processes';
import { CallbackReceiver, eventually, LosClient, trueworkOrderBody } from '../kit';
import { startDevServer, TEST_ENCRYPTION_KEY, TEST_FIELD_KEY } from '../support/temporal';
import { attributeOf, OtlpReceiver } from '../support/otlp-receiver';

/**
 * voie as the Docker image runs it: `npm run build`, then `voie api` and `voie worker` as compiled JavaScript
 * (`node dist/src/main.js`), against a real Temporal server, with a Truework simulator and a LOS receiver. Both
 * processes load a guard that fails any load of TypeScript, tsx or the workflow bundler's loaders: the worker must
 * run the prebuilt bundle, and nothing may compile at run time. Neither may carry or load dev/ (the simulators, the
 * embedded Temporal server, its installers, `voie dev`) or `@temporalio/testing`, which production does not install.
 * Both trace to an OTLP receiver, as a deployment with a collector does.
 */
const ROOT = join(__dirname, '..', '..');
const API_KEY = 'production-build-api-key';
const CALLBACK_SECRET = `whsec_${Buffer.alloc(32, 4).toString('base64')}`;
const TRUEWORK = { apiKey: 'tw_prod_build', webhookToken: 'prod-build-webhook-token' };

/**
 * A CommonJS preload that refuses the modules production must not load, and on exit writes the files the process
 * loaded to `loaded-<role>.json` beside itself.
 */
const RUN_TIME_GUARD = `
const Module = require('node:module');
const load = Module._load;
const forbidden = /(^|[\\\\/]node_modules[\\\\/])(typescript|tsx|@swc[\\\\/]core|swc-loader|source-map-loader)([\\\\/]|$)/;
Module._load = function (request, ...rest) {
  if (forbidden.test(request)) throw new Error('production loaded ' + request);
  return load.call(this, request, ...rest);
};
process.once('exit', () => {
  const file = require('node:path').join(__dirname, 'loaded-' + process.argv[2] + '.json');
  require('node:fs').writeFileSync(file, JSON.stringify(Object.keys(require.cache)));
});
`;

/** What dev/ compiles to, by folder or file name: none of it may be in `dist/`. */
const DEV_CODE = /^dev[\\/]|simulator|dev-server|binaries|dev-secrets|install-/;
const TESTING_PACKAGE = /[\\/]node_modules[\\/]@temporalio[\\/]testing[\\/]/;

/** The files under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/** The files the compiled `role` had loaded when it exited, as the guard wrote them. */
function loadedBy(role: 'api' | 'worker'): string[] {
  return JSON.parse(readFileSync(join(guardDir, `loaded-${role}.json`), 'utf8')) as string[];
}

let temporal: TestWorkflowEnvironment;
let truework: TrueworkSimulator;
let receiver: CallbackReceiver;
let collector: OtlpReceiver;
let guardDir: string;
let api: ManagedProcess;
let worker: ManagedProcess;
let ports: { api: number; apiMetrics: number; metrics: number };
/** The orders this file placed, each counted once in the worker's metrics when it ends. */
const placedIds: string[] = [];
let los: LosClient;

function startCompiled(role: 'api' | 'worker', env: Record<string, string>): ManagedProcess {
  return ManagedProcess.start(`voie ${role} (dist)`, process.execPath, [join(ROOT, 'dist', 'src', 'main.js'), role], {
    cwd: guardDir, // not the checkout: no .env, no sources next to it
    env: {
      PATH: process.env.PATH,
      NODE_OPTIONS: `--require ${join(guardDir, 'guard.js')}`,
      TEMPORAL_ADDRESS: temporal.address,
      VOIE_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      VOIE_FIELD_KEY: TEST_FIELD_KEY,
      VOIE_LOG_LEVEL: 'info',
      TRUEWORK_BASE_URL: truework.baseUrl,
      TRUEWORK_API_KEY: TRUEWORK.apiKey,
      TRUEWORK_WEBHOOK_TOKEN: TRUEWORK.webhookToken,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      // Spans leave every 200 ms rather than every 5 s: the test waits for them.
      OTEL_BSP_SCHEDULE_DELAY: '200',
      ...env,
    },
  });
}

/**
 * The `encoding` of every payload in a history (any object with `metadata.encoding` and `data`), but search
 * attributes, the SDK's patch markers and the trace context in the headers (`_tracer-data`, a `traceparent`; the SDK
 * runs no codec on headers): Temporal must read those, and they carry no personal data.
 */
function payloadEncodings(node: unknown): string[] {
  if (!node || typeof node !== 'object' || ArrayBuffer.isView(node)) return [];
  const payload = node as { metadata?: { encoding?: Uint8Array }; data?: unknown };
  if (payload.metadata?.encoding && payload.data !== undefined) {
    return [Buffer.from(payload.metadata.encoding).toString('utf8')];
  }
  return Object.entries(node)
    .filter(([key]) => key !== 'searchAttributes' && key !== 'patch-data' && key !== '_tracer-data')
    .flatMap(([, child]) => payloadEncodings(child));
}

beforeAll(async () => {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'pipe' });
  guardDir = mkdtempSync(join(tmpdir(), 'voie-dist-'));
  writeFileSync(join(guardDir, 'guard.js'), RUN_TIME_GUARD);
  temporal = await startDevServer();
  truework = await TrueworkSimulator.start({ ...TRUEWORK, stepDelayMs: 150 });
  receiver = await CallbackReceiver.start(CALLBACK_SECRET);
  collector = await OtlpReceiver.start();
  ports = { api: await freePort(), apiMetrics: await freePort(), metrics: await freePort() };
  los = new LosClient({ baseUrl: `http://127.0.0.1:${ports.api}`, apiKey: API_KEY });
  truework.setWebhookUrl(`http://127.0.0.1:${ports.api}/webhooks/truework`);

  api = startCompiled('api', {
    PORT: String(ports.api),
    VOIE_API_KEYS: API_KEY,
    VOIE_METRICS_PORT: String(ports.apiMetrics),
  });
  worker = startCompiled('worker', { VOIE_CALLBACK_SECRET: CALLBACK_SECRET, VOIE_METRICS_PORT: String(ports.metrics) });
  await api.waitForOutput('voie api listening');
  await worker.waitForOutput('voie worker running');
}, 240_000);

afterAll(async () => {
  await Promise.all([api, worker].filter(Boolean).map((voie) => voie.stop('SIGTERM')));
  await receiver?.close();
  await collector?.close();
  await truework?.close();
  await temporal?.teardown();
  if (guardDir) rmSync(guardDir, { recursive: true, force: true });
});

describe('voie from dist/', () => {
  it('traces an order from voie api to voie worker: one trace from POST /v1/orders to the provider create', async () => {
    const placed = await los.api('POST', '/v1/orders', trueworkOrderBody(receiver.url));
    expect(placed.status).toBe(201);
    const id = placed.body.id as string;
    placedIds.push(id);
    const create = await eventually(
      () =>
        collector.spans.find(
          (span) => span.name === 'RunActivity:createProviderOrder' && attributeOf(span, 'temporalWorkflowId') === id,
        ),
      { timeoutMs: 60_000, what: `the create's span for ${id}` },
    );
    const request = await eventually(
      () =>
        collector.spans.find((span) => span.name === 'POST /v1/orders' && attributeOf(span, 'voie.order_id') === id),
      { timeoutMs: 20_000, what: `the placement's span for ${id}` },
    );
    expect(request.service).toBe('voie-api');
    expect(create.service).toBe('voie-worker');
    expect(create.traceId).toBe(request.traceId);
    const inTrace = collector.spans.filter((span) => span.traceId === request.traceId);
    expect(inTrace.map((span) => span.name)).toEqual(
      expect.arrayContaining(['StartWorkflow:verificationOrder', 'RunWorkflow:verificationOrder', 'POST']),
    );
  });

  it('runs an order to a delivered result with compiled code and the prebuilt workflow bundle, and the worker serves the SDK metrics and voie counters on one /metrics', async () => {
    const placed = await los.api('POST', '/v1/orders', trueworkOrderBody(receiver.url));
    expect(placed.status).toBe(201);
    const id = placed.body.id as string;
    placedIds.push(id);

    const completed = await eventually(
      () => receiver.accepted(id).find((delivery) => delivery.body.type === 'order.completed'),
      { timeoutMs: 60_000, what: `order.completed delivered for ${id}` },
    );
    expect(completed.body.data.order).toMatchObject({ id, status: 'completed' });
    expect((await los.api('GET', `/v1/orders/${id}`)).body.status).toBe('completed');
    expect((await los.api('GET', `/v1/orders/${id}/report`)).status).toBe(200);

    // The compiled data converter encrypted every payload of the order's history: the SSN is nowhere in clear.
    const history = await temporal.client.workflow.getHandle(id).fetchHistory();
    const encodings = new Set(payloadEncodings(history));
    expect([...encodings]).toEqual(['binary/encrypted']);
    expect(JSON.stringify(history)).not.toContain('000-00-0000');

    // Every order of this file ends before the counters are read: each is counted once.
    for (const placedId of placedIds) {
      await eventually(() => receiver.accepted(placedId).find((delivery) => delivery.body.type === 'order.completed'), {
        timeoutMs: 60_000,
        what: `order.completed delivered for ${placedId}`,
      });
    }
    const metrics = await fetch(`http://127.0.0.1:${ports.metrics}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    // The SDK's histograms carry their unit, as Temporal's SDK dashboards query them.
    expect(text).toMatch(/^temporal_workflow_task_execution_latency_seconds_count\{.*\} [1-9]/m);
    expect(text).toMatch(/^temporal_activity_execution_latency_seconds_count\{.*\} [1-9]/m);
    expect(text).toMatch(/^voie_delivery_attempts_total\{outcome="delivered"\} [1-9]/m);
    const ended = String(placedIds.length);
    expect(/^voie_orders_ended_total\{provider="truework",status="completed"\} (\d+)$/m.exec(text)?.[1]).toBe(ended);
    expect(/^voie_order_duration_seconds_count\{provider="truework",status="completed"\} (\d+)$/m.exec(text)?.[1]).toBe(
      ended,
    );

    // The API's /metrics is on its own port, never on the API's.
    expect((await fetch(`http://127.0.0.1:${ports.api}/metrics`)).status).toBe(404);
    const apiMetrics = await (await fetch(`http://127.0.0.1:${ports.apiMetrics}/metrics`)).text();
    // The SDK's native client's metrics (its requests to Temporal), with their unit too.
    expect(apiMetrics).toMatch(/^temporal_request_latency_seconds_count\{.*\} [1-9]/m);
    expect(
      /^voie_orders_placed_total\{tenant="default",provider="truework",outcome="created"\} (\d+)$/m.exec(
        apiMetrics,
      )?.[1],
    ).toBe(String(placedIds.length));
    expect(apiMetrics).toMatch(/^voie_http_request_duration_seconds_count\{.*route="\/v1\/orders".*\} [1-9]/m);

    // The logs: an access line per /v1 request, and the workflow's own info line with the order's id.
    const lines = (printed: string) =>
      printed
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines(api.printed)).toContainEqual(
      expect.objectContaining({
        level: 'info',
        msg: 'request',
        method: 'POST',
        route: '/v1/orders',
        status: 201,
        orderId: id,
      }),
    );
    expect(lines(worker.printed)).toContainEqual(
      expect.objectContaining({ level: 'info', msg: 'order ended', workflowId: id, status: 'completed' }),
    );
    expect(api.printed + worker.printed).not.toContain('000-00-0000');

    // Neither process loaded TypeScript, tsx or a bundler loader (the guard would have failed them), and both are up.
    expect(api.running && worker.running).toBe(true);
    expect(api.printed + worker.printed).not.toContain('production loaded');
  }, 120_000);

  it('stops the compiled worker on SIGTERM with exit 0 and nothing left listening on its metrics port', async () => {
    expect(await worker.stop('SIGTERM')).toBe(0);
    await expect(fetch(`http://127.0.0.1:${ports.metrics}/metrics`)).rejects.toThrow();
  }, 60_000);

  it('stops the compiled api on SIGTERM with exit 0; of voie, both processes loaded files of dist/ only, and neither loaded @temporalio/testing', async () => {
    expect(await api.stop('SIGTERM')).toBe(0);
    for (const role of ['api', 'worker'] as const) {
      const loaded = loadedBy(role);
      const voie = loaded.filter((file) => file.startsWith(ROOT + sep) && !file.includes(`${sep}node_modules${sep}`));
      expect(voie).toContain(join(ROOT, 'dist', 'src', 'main.js'));
      expect(voie.filter((file) => !file.startsWith(join(ROOT, 'dist') + sep))).toEqual([]);
      expect(loaded.filter((file) => TESTING_PACKAGE.test(file))).toEqual([]);
    }
  }, 60_000);
});

describe('the production build', () => {
  it('holds no dev code: no simulator, dev server, binary installer or voie dev in dist/', () => {
    const files = filesUnder(join(ROOT, 'dist'));
    expect(files).toContain(join('src', 'main.js'));
    expect(files.filter((file) => DEV_CODE.test(file))).toEqual([]);
    const compiled = files.filter((file) => file.endsWith('.js'));
    expect(
      compiled.filter((file) => readFileSync(join(ROOT, 'dist', file), 'utf8').includes('@temporalio/testing')),
    ).toEqual([]);
  });

  it('needs @temporalio/testing for development only', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies)).not.toContain('@temporalio/testing');
    expect(Object.keys(manifest.devDependencies)).toContain('@temporalio/testing');
  });

  it('answers voie dev with where it runs, and exit 1', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'main.js'), 'dev'], {
      cwd: guardDir,
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('voie dev runs from a checkout of voie (npm start)');
  });
});
