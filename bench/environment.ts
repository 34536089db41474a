/**
 * Everything one bench run measures against, on one machine: one Temporal dev server (the tests' own), the provider
 * simulators, a LOS that takes result deliveries, `voie api` and `voie worker` as processes of their own, and the
 * bench's bare worker and bare HTTP ingress beside them on the same server.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { freeLoopbackPort } from '../src/net/free-port';
import { TrueworkSimulator } from '../dev/simulators/truework/simulator';
import { TruvSimulator } from '../dev/simulators/truv/simulator';
import type { DeliveryEventType } from '../src/domain';
import { CallbackReceiver, eventually, LosClient, trueworkOrderBody, truvOrderBody, type OrderBody } from '../test/kit';
import { TEST_API_KEY, TEST_CALLBACK_SECRET, TRUEWORK_TOKEN, TRUV_SECRET } from '../test/support/stack';
import { startDevServer, TEST_ENCRYPTION_KEY, TEST_FIELD_KEY, testWorkerDataConverter } from '../test/support/temporal';
import { startBareWorker } from './bare-worker';
import type { VoieProcess } from './voie-processes';
import { startApi, startBareIngress, startWorker } from './voie-processes';

/** The events that end an order for the LOS. */
const FINAL_EVENTS: ReadonlySet<string> = new Set<DeliveryEventType>([
  'order.completed',
  'order.failed',
  'order.canceled',
  'order.expired',
]);

/** The provider's own limit, or lifted so far that the engine, not the provider, sets the pace. */
export type ProviderLimit = 'provider' | 'lifted';

const LIFTED_REQUESTS_PER_SECOND = 100_000;

export class BenchEnvironment {
  private workerStarts = 0;
  private workerLimit: ProviderLimit = 'lifted';
  private worker!: VoieProcess;
  private metricsPort = 0;
  /** The LOS: `voie api` with the test key. */
  readonly los: LosClient;

  private constructor(
    readonly temporal: TestWorkflowEnvironment,
    readonly truework: TrueworkSimulator,
    readonly truv: TruvSimulator,
    readonly receiver: CallbackReceiver,
    readonly api: VoieProcess,
    readonly apiUrl: string,
    /** `voie api`'s `/metrics` (on its own port: the API's answers 404). */
    readonly apiMetricsUrl: string,
    /** The bare HTTP ingress (`bare-ingress.ts`), voie api's floor, as a process of its own. */
    readonly bareIngress: VoieProcess,
    readonly bareIngressUrl: string,
    readonly logDir: string,
    private readonly env: Record<string, string>,
    private readonly stopBare: () => Promise<void>,
  ) {
    this.los = new LosClient({ baseUrl: apiUrl, apiKey: TEST_API_KEY });
  }

  /** Starts every part; should one fail to start, the parts already running are stopped before the error is thrown. */
  static async start(): Promise<BenchEnvironment> {
    const running: (() => Promise<void>)[] = [];
    const started = async <Part>(part: Promise<Part>, stop: (part: Part) => Promise<void>): Promise<Part> => {
      const ready = await part;
      running.unshift(() => stop(ready));
      return ready;
    };
    try {
      const logDir = mkdtempSync(join(tmpdir(), 'voie-bench-'));
      const temporal = await started(startDevServer(), (server) => server.teardown());
      // Short steps: an order's pace is set by voie and the engine, not by a simulated employer taking its time.
      const truework = await started(
        TrueworkSimulator.start({ apiKey: 'tw_bench_key', webhookToken: TRUEWORK_TOKEN, stepDelayMs: 50 }),
        (simulator) => simulator.close(),
      );
      const truv = await started(
        TruvSimulator.start({ clientId: 'truv-client', secret: TRUV_SECRET, stepDelayMs: 50 }),
        (simulator) => simulator.close(),
      );
      const receiver = await started(CallbackReceiver.start(TEST_CALLBACK_SECRET), (los) => los.close());
      const env = {
        TEMPORAL_ADDRESS: temporal.address,
        VOIE_API_KEYS: TEST_API_KEY,
        VOIE_CALLBACK_SECRET: TEST_CALLBACK_SECRET,
        VOIE_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
        VOIE_FIELD_KEY: TEST_FIELD_KEY,
        // The LOS of the bench places far more than a LOS's 600 requests a minute.
        VOIE_RATE_LIMIT: '100000000',
        // Its webhook phase posts thousands a second from one address, past a provider's 6000 a minute.
        VOIE_WEBHOOK_RATE_LIMIT: '100000000',
        TRUEWORK_BASE_URL: truework.baseUrl,
        TRUEWORK_API_KEY: 'tw_bench_key',
        TRUEWORK_WEBHOOK_TOKEN: TRUEWORK_TOKEN,
        TRUV_BASE_URL: truv.baseUrl,
        TRUV_CLIENT_ID: 'truv-client',
        TRUV_SECRET,
      };
      const { api, url, metricsUrl } = await started(startApi(env, join(logDir, 'api.log')), ({ api }) => api.stop());
      truework.setWebhookUrl(`${url}/webhooks/truework`);
      truv.setWebhookUrl(`${url}/webhooks/truv`);
      const bareIngress = await started(startBareIngress(env, join(logDir, 'bare-ingress.log')), ({ ingress }) =>
        ingress.stop(),
      );
      const bare = await started(
        startBareWorker(temporal.nativeConnection, temporal.namespace ?? 'default', testWorkerDataConverter),
        (worker) => worker.stop(),
      );
      const bench = new BenchEnvironment(
        temporal,
        truework,
        truv,
        receiver,
        api,
        url,
        metricsUrl,
        bareIngress.ingress,
        bareIngress.url,
        logDir,
        env,
        bare.stop,
      );
      await started(bench.restartWorker('lifted'), () => bench.worker.stop());
      return bench;
    } catch (err) {
      for (const stop of running) await stop().catch(() => undefined);
      throw err;
    }
  }

  get client(): TestWorkflowEnvironment['client'] {
    return this.temporal.client;
  }

  get voieWorker(): VoieProcess {
    return this.worker;
  }

  /** `voie worker`'s `/metrics`: the Temporal SDK's worker metrics (its workflow cache among them), then voie's. */
  get workerMetricsUrl(): string {
    return `http://127.0.0.1:${this.metricsPort}/metrics`;
  }

  /** (Re)starts `voie worker` with the provider limit given. */
  async restartWorker(limit: ProviderLimit): Promise<void> {
    await this.worker?.stop();
    this.workerStarts += 1;
    this.workerLimit = limit;
    // A free port for the worker's /metrics: another voie worker on the machine may hold the default 9464.
    this.metricsPort = await freeLoopbackPort();
    this.worker = await startWorker(
      {
        ...this.env,
        VOIE_METRICS_PORT: String(this.metricsPort),
        ...(limit === 'lifted' ? { VOIE_PROVIDER_REQUESTS_PER_SECOND: String(LIFTED_REQUESTS_PER_SECOND) } : {}),
      },
      join(this.logDir, `worker-${this.workerStarts}.log`),
    );
  }

  /**
   * Runs `during` with `voie worker` stopped, then starts it again with the provider limit it had: the orders placed
   * meanwhile wait in their task queue, so their work takes no CPU from what `during` measures.
   */
  async withWorkerStopped<T>(during: () => Promise<T>): Promise<T> {
    await this.worker.stop();
    try {
      return await during();
    } finally {
      await this.restartWorker(this.workerLimit);
    }
  }

  /**
   * A Truework order of one employer; the SSN picks the simulator's sandbox profile (000-00-0000 completes). No
   * options but those given: the orders poll at voie's default interval.
   */
  trueworkOrder(ssn = '000-00-0000', options: Record<string, unknown> = {}): OrderBody {
    return trueworkOrderBody(this.receiver.url, { options }, { ssn });
  }

  /** A Truv order; the first name picks the simulator's scenario (`Success` completes, `Idle` never acts). */
  truvOrder(firstName: 'Success' | 'Idle'): OrderBody {
    return truvOrderBody(this.receiver.url, firstName, { options: undefined });
  }

  /** Waits for each (bare) workflow to end. */
  async waitForWorkflows(ids: readonly string[]): Promise<void> {
    await Promise.all(ids.map((id) => this.client.workflow.getHandle(id).result()));
  }

  /**
   * Waits until the LOS has each order's result: its final event accepted at the receiver. A completed order's
   * workflow then waits in its re-verification window (120 days), so its end is no sign of being done.
   */
  async waitForResults(ids: readonly string[], timeoutMs = 600_000): Promise<void> {
    const pending = new Set(ids);
    await eventually(
      () => {
        for (const id of pending) {
          if (this.receiver.accepted(id).some((delivery) => FINAL_EVENTS.has(delivery.body.type))) pending.delete(id);
        }
        return pending.size === 0;
      },
      { timeoutMs, intervalMs: 100, what: () => `the results of ${pending.size} of ${ids.length} orders at the LOS` },
    );
  }

  /** Stops everything; a part that fails to stop is reported and the rest still stops. */
  async stop(): Promise<void> {
    const steps: [string, () => Promise<void>][] = [
      ['Truework simulator', () => this.truework.close()],
      ['Truv simulator', () => this.truv.close()],
      ['voie api', () => this.api.stop()],
      ['bare HTTP ingress', () => this.bareIngress.stop()],
      ['voie worker', () => this.worker.stop()],
      ['bare worker', () => this.stopBare()],
      ['receiver', () => this.receiver.close()],
      ['Temporal server', () => this.temporal.teardown()],
    ];
    for (const [part, stop] of steps) {
      await stop().catch((err: unknown) => process.stderr.write(`could not stop the ${part}: ${String(err)}\n`));
    }
  }
}
