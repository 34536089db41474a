import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Writable } from 'node:stream';
import { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createClientDataConverter, createWorkerDataConverter } from '../../src/temporal/connection';
import type { Worker } from '@temporalio/worker';
import { createApp } from '../../src/api/app';
import { configuredProviders } from '../../src/commands/runtime';
import type { Config } from '../../src/config';
import { callbackPolicy, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { metricsPortOf, startMetricsServer } from '../../src/metrics-server';
import { TrueworkSimulator } from '../../dev/simulators/truework/simulator';
import { TruvSimulator } from '../../dev/simulators/truv/simulator';
import { createWorkers } from '../../src/worker';
import { startTracing, TRACING_OFF, type Tracing } from '../../src/telemetry/tracing';
import { tracingClientInterceptors } from '../../src/telemetry/temporal-tracing';
import { WorkflowTraces } from '../../src/telemetry/workflow-traces';
import type { OrderView } from '../../src/domain';
import { isTerminal } from '../../src/domain';
import type { OrderRecord } from '../../workflows/order-record';
import { CallbackReceiver, eventually, LosClient, trueworkOrderBody, truvOrderBody, type OrderBody } from '../kit';
import { DrainingServer } from './draining-server';
import { useStarted } from './use-started';
import {
  startDevServer,
  startTimeSkippingServer,
  testDataConverter,
  TEST_ENCRYPTION_KEY,
  TEST_FIELD_KEY,
  testFieldSealer,
  testWorkerDataConverter,
  workflowBundle,
} from './temporal';

export const TEST_API_KEY = 'test-api-key';
export const TEST_CODEC_KEY = 'test-codec-key';
export const TEST_CALLBACK_SECRET = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
export const TRUEWORK_TOKEN = 'truework-webhook-token';
export const TRUV_SECRET = 'sandbox-test-secret';
export const HISTORIES_DIR = join(__dirname, '..', 'fixtures', 'histories');
/**
 * Histories recorded on the time-skipping server, whose workers drop search-attribute upserts (it has none): they
 * replay with that same bundle.
 */
export const TIME_SKIPPING_HISTORIES_DIR = join(HISTORIES_DIR, 'time-skipping');

/** How a test file wants its stack. */
export interface StackOptions {
  /** Temporal's time-skipping test server instead of the dev server (timers of days). */
  timeSkipping?: boolean;
  /**
   * Extra environment for voie's configuration. With `OTEL_EXPORTER_OTLP_ENDPOINT` (or `…_TRACES_ENDPOINT`) the stack
   * traces as `voie dev` does: the API's client, the workers and the HTTP server and clients.
   */
  env?: Record<string, string>;
  /** Extra arguments for the dev server. */
  serverArgs?: string[];
  /** False: the simulators send no webhooks in any test of the file, so orders learn by polling. Default true. */
  providerWebhooks?: boolean;
}

/**
 * voie as it runs in production, in one process: a real Temporal server, the real workers, the Express app on a
 * real port, the Truework simulator over HTTP, and a stand-in LOS receiving result deliveries.
 */
export class VoieStack {
  readonly logs: string[] = [];
  private workers: Worker[] = [];
  private restartedClient: Client | undefined;
  /** The workers' data converter. */
  private dataConverter: DataConverter = testWorkerDataConverter;
  private running: Promise<unknown> = Promise.resolve();
  private server!: DrainingServer;
  /** `/metrics` on a port of its own, as `VOIE_METRICS_PORT` serves it (the API's port answers it 404). */
  private metrics!: Server;
  private timeSkipping = false;
  /** The stack's tracing, started with the stack (off unless its configuration sets an OTLP endpoint). */
  private tracing: Tracing = TRACING_OFF;
  /** The API's client with the tracing interceptors, when tracing is on. */
  private tracedClient: Client | undefined;
  /** The orders' traces the API's webhooks link to, when tracing is on. */
  private workflowTraces: WorkflowTraces | undefined;
  /** The LOS: voie's API on whatever port it listens now, with the test key. */
  readonly los = new LosClient({ baseUrl: () => this.apiUrl, apiKey: TEST_API_KEY });
  /** {@link LosClient.api} of the stack's LOS. */
  readonly api = this.los.api.bind(this.los);
  /** {@link LosClient.waitForOrder} of the stack's LOS. */
  readonly waitForOrder = this.los.waitForOrder.bind(this.los);

  private constructor(
    readonly env: TestWorkflowEnvironment,
    readonly simulator: TrueworkSimulator,
    readonly truv: TruvSimulator,
    readonly receiver: CallbackReceiver,
    readonly config: Config,
    private readonly providerWebhooks: boolean,
  ) {}

  static async start(options: StackOptions = {}): Promise<VoieStack> {
    const env = options.timeSkipping ? await startTimeSkippingServer() : await startDevServer(options.serverArgs);
    const simulator = await TrueworkSimulator.start({
      apiKey: 'tw_test_key',
      webhookToken: TRUEWORK_TOKEN,
      stepDelayMs: 150,
    });
    const truv = await TruvSimulator.start({ clientId: 'truv-client', secret: TRUV_SECRET, stepDelayMs: 100 });
    const receiver = await CallbackReceiver.start(TEST_CALLBACK_SECRET);
    const config = loadConfig({
      PORT: '0',
      VOIE_API_KEYS: TEST_API_KEY,
      VOIE_CALLBACK_SECRET: TEST_CALLBACK_SECRET,
      VOIE_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      VOIE_FIELD_KEY: TEST_FIELD_KEY,
      VOIE_CODEC_KEYS: TEST_CODEC_KEY,
      VOIE_LOG_LEVEL: 'debug',
      TRUEWORK_BASE_URL: simulator.baseUrl,
      TRUEWORK_API_KEY: 'tw_test_key',
      TRUEWORK_WEBHOOK_TOKEN: TRUEWORK_TOKEN,
      TRUV_BASE_URL: truv.baseUrl,
      TRUV_CLIENT_ID: 'truv-client',
      TRUV_SECRET,
      ...options.env,
    });
    const stack = new VoieStack(env, simulator, truv, receiver, config, options.providerWebhooks ?? true);
    stack.startTracing();
    stack.resetBetweenTests();
    await stack.startServices(options.timeSkipping ?? false);
    return stack;
  }

  /**
   * What a test starts from: simulators without faults (beyond the file's standing ones), a receiver that answers
   * 200, and no log lines of earlier tests.
   */
  resetBetweenTests(): void {
    for (const simulator of [this.simulator, this.truv]) {
      simulator.resetFaults();
      if (!this.providerWebhooks) simulator.setFaults({ dropWebhooks: true });
    }
    this.receiver.reset();
    this.logs.length = 0;
  }

  private startTracing(): void {
    this.tracing = startTracing(this.config.tracing, 'dev');
    this.workflowTraces = this.tracing.enabled ? new WorkflowTraces() : undefined;
    const interceptors = tracingClientInterceptors(this.tracing, this.workflowTraces);
    if (interceptors) {
      this.tracedClient = new Client({
        connection: this.env.connection,
        namespace: this.env.namespace,
        dataConverter: testDataConverter,
        interceptors,
      });
    }
  }

  /** Sends every span ended so far to the OTLP endpoint. */
  async flushTraces(): Promise<void> {
    await this.tracing.spanProcessor?.forceFlush();
  }

  private async startServices(timeSkipping: boolean): Promise<void> {
    this.timeSkipping = timeSkipping;
    // Every level, kept in memory and never printed: tests read the lines of their own run, and the personal-data
    // test checks that none of them, debug included, carries an SSN.
    const logger = createLogger(
      'debug',
      new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          this.logs.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    const providers = configuredProviders(this.config);
    // On the time-skipping server the API's today is the server's, which the tests skip weeks ahead.
    const env = this.env;
    const clock = timeSkipping && env ? () => env.currentTimeMs() : undefined;
    const app = createApp({
      config: this.config,
      client: this.client,
      providers,
      logger,
      workflowTraces: this.workflowTraces,
      ...(clock ? { clock } : {}),
    });
    this.server = await DrainingServer.listen(app);
    this.metrics = await startMetricsServer({ port: 0, host: '127.0.0.1', logger });
    this.simulator.setWebhookUrl(`${this.apiUrl}/webhooks/truework`);
    this.truv.setWebhookUrl(`${this.apiUrl}/webhooks/truv`);
    this.workers = await createWorkers({
      connection: this.env.nativeConnection,
      namespace: this.env.namespace ?? 'default',
      dataConverter: this.dataConverter,
      fieldSealer: testFieldSealer,
      providers,
      callbackSecrets: { fallback: TEST_CALLBACK_SECRET, tenants: this.config.callbackSecrets },
      callbackPolicy: callbackPolicy(this.config),
      providerRequestsPerSecond: this.config.providerRequestsPerSecond,
      workflowBundle: await workflowBundle(timeSkipping),
      tracing: this.tracing,
    });
    this.running = Promise.all(this.workers.map((worker) => worker.run()));
  }

  get apiUrl(): string {
    return this.server.url;
  }

  /** voie's metrics exposition as Prometheus scrapes it, from the stack's metrics port. */
  async metricsText(): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${metricsPortOf(this.metrics)}/metrics`);
    if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
    return response.text();
  }

  /** The API's Temporal client (the time-skipping client on that server, so awaiting a result skips time). */
  get client(): Client {
    return this.restartedClient ?? this.tracedClient ?? this.env.client;
  }

  /**
   * Stops the API and the workers and starts them again, as a deploy does, optionally with other encryption keys
   * (the first encrypts, all decrypt). Open orders must carry on.
   */
  async redeploy(encryptionKeys: string[]): Promise<void> {
    await this.stopServices();
    const keys = { encryptionKeys, fieldKeys: [TEST_FIELD_KEY] };
    this.restartedClient = new Client({
      connection: this.env.connection,
      namespace: this.env.namespace,
      dataConverter: createClientDataConverter(keys),
    });
    this.dataConverter = createWorkerDataConverter(keys);
    await this.startServices(false);
  }

  /** A valid Truework order body delivering to the stack's LOS (see {@link trueworkOrderBody}). */
  orderBody(overrides: Record<string, unknown> = {}, applicant: Record<string, unknown> = {}): OrderBody {
    return trueworkOrderBody(this.receiver.url, overrides, applicant);
  }

  /** A valid Truv order body delivering to the stack's LOS; the first name picks the simulator's scenario. */
  truvOrderBody(firstName: string, overrides: Record<string, unknown> = {}): OrderBody {
    return truvOrderBody(this.receiver.url, firstName, overrides);
  }

  /** Places {@link orderBody}'s order; throws unless voie answers 201. */
  placeOrder(overrides: Record<string, unknown> = {}, applicant: Record<string, unknown> = {}): Promise<OrderView> {
    return this.los.placeOrder(this.orderBody(overrides, applicant));
  }

  /**
   * Waits until the order is at rest: ended, every delivery settled, and no re-verification running or due. A
   * completed order then waits in its re-verification window (its workflow stays open).
   */
  async waitForWorkflow(id: string, timeoutMs = 150_000): Promise<OrderView> {
    let last: OrderView | undefined;
    return eventually(
      async () => {
        const response = await this.api<OrderView>('GET', `/v1/orders/${id}`);
        last = response.status === 200 ? response.body : undefined;
        return last && atRest(last, await this.nowMs()) ? last : undefined;
      },
      { timeoutMs, intervalMs: 100, what: () => `order ${id} at rest; last seen: ${JSON.stringify(last)}` },
    );
  }

  /**
   * Waits until the order's workflow closes (a completed order's at the end of its re-verification window) and returns
   * the order as it closed. On the time-skipping server, waiting skips time.
   */
  async waitForClose(id: string): Promise<OrderView> {
    return ((await this.client.workflow.getHandle(id).result()) as OrderRecord).order;
  }

  /** The workflows' time: the time-skipping server's, or the wall clock's. */
  async nowMs(): Promise<number> {
    return this.timeSkipping ? this.env.currentTimeMs() : Date.now();
  }

  /**
   * With VOIE_RECORD_HISTORIES=1, keeps the order's workflow history (every run) as a replay fixture, so later
   * changes to the workflow are checked against histories real runs produced.
   */
  async recordHistory(orderId: string, name: string): Promise<void> {
    if (!process.env.VOIE_RECORD_HISTORIES) return;
    const runs: (string | undefined)[] = [];
    if (this.timeSkipping) {
      // The time-skipping server lists no workflows: the order's latest run is the one recorded.
      runs.push(undefined);
    } else {
      for await (const execution of this.client.workflow.list({ query: `WorkflowId = '${orderId}'` })) {
        runs.push(execution.runId);
      }
    }
    const dir = this.timeSkipping ? TIME_SKIPPING_HISTORIES_DIR : HISTORIES_DIR;
    for (const [index, runId] of runs.entries()) {
      const history = await this.client.workflow.getHandle(orderId, runId).fetchHistory();
      const file = join(dir, `${name}${runs.length > 1 ? `-run${runs.length - index}` : ''}.binpb`);
      writeFileSync(file, temporal.api.history.v1.History.encode(history).finish());
    }
  }

  /** Stops the workers only: the API keeps running, as when every worker is down. */
  async stopWorkers(): Promise<void> {
    for (const worker of this.workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    await this.running.catch(() => undefined);
  }

  /**
   * Stops the API first, letting requests in flight finish (a webhook handler may still be talking to Temporal),
   * then the workers.
   */
  private async stopServices(): Promise<void> {
    await this.server.close();
    await new Promise((done) => this.metrics.close(done));
    for (const worker of this.workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    await this.running.catch(() => undefined);
  }

  /** Tears everything down; a part that fails to stop is reported and the rest still stops. */
  async stop(): Promise<void> {
    // Simulators first: no webhook may start while the API stops.
    const steps: [string, () => Promise<void>][] = [
      ['Truework simulator', () => this.simulator.close()],
      ['Truv simulator', () => this.truv.close()],
      ['services', () => this.stopServices()],
      ['receiver', () => this.receiver.close()],
      ['tracing', () => this.tracing.shutdown()],
      ['Temporal server', () => this.env.teardown()],
    ];
    for (const [part, stop] of steps) {
      await stop().catch((err: unknown) => console.warn(`could not stop the ${part} cleanly: ${String(err)}`));
    }
  }
}

/**
 * The stack of one test file: started before its first test, reset after each test, stopped after the last.
 * Returns the stack to use inside tests (it exists only once `beforeAll` has run).
 */
export function useStack(options: StackOptions = {}): VoieStack {
  return useStarted({
    start: () => VoieStack.start(options),
    stop: (stack) => stack.stop(),
    afterEach: (stack) => stack.resetBetweenTests(),
  });
}

/** Whether an order is at rest at `nowMs`: see {@link VoieStack.waitForWorkflow}. */
function atRest(order: OrderView, nowMs: number): boolean {
  const reverification = order.reverification;
  const due = reverification?.status === 'scheduled' && Date.parse(reverification.due_at) <= nowMs;
  return (
    isTerminal(order.status) &&
    order.result?.delivery.state !== 'pending' &&
    reverification?.status !== 'running' &&
    !due
  );
}
