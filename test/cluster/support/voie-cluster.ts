import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isTerminal, type OrderView } from '../../../src/domain';
import type { SimulatorFaults } from '../../../dev/simulators/kit/faults';
import type { SimulatedRequest } from '../../../dev/simulators/kit/http-server';
import { CallbackReceiver, completingOrderBody, LosClient } from '../../kit';
import { freePort, isListening, ManagedProcess } from './processes';
import { RoundRobinProxy } from './round-robin-proxy';
import { providerEnvironment, type SimulatorUrls } from './simulated-providers';
import { TemporalCluster } from './temporal-server';
import { useStarted } from '../../support/use-started';

const ROOT = resolve(__dirname, '..', '..', '..');
const VOIE = join(ROOT, 'bin', 'voie');
/** voie compiled with its workflow bundle prebuilt (`npm run build`), as the Docker image runs it. */
const COMPILED_VOIE = join(ROOT, 'dist', 'src', 'main.js');
/** TypeScript in one Node.js process, as `bin/voie` runs it. */
const TSX_LOADER = join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');

const CLUSTER_API_KEY = 'cluster-api-key';
const CLUSTER_CALLBACK_SECRET = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;
const CLUSTER_ENCRYPTION_KEY = Buffer.alloc(32, 9).toString('base64');
const CLUSTER_FIELD_KEY = Buffer.alloc(32, 10).toString('base64');

/** How many of each voie process the cluster runs. */
export interface VoieClusterOptions {
  apis?: number;
  workers?: number;
  /** Delay between the steps of a simulated provider order; default 200 ms. */
  stepDelayMs?: number;
  /**
   * How voie runs: `sources` (default) with `bin/voie`, TypeScript under tsx as `npm start` does; `compiled` with
   * `node dist/src/main.js`, as the Docker image does (`npm run build` first), for figures of production's code.
   */
  voie?: 'sources' | 'compiled';
  /** More environment for every voie process, over the cluster's (e.g. `VOIE_PROVIDER_REQUESTS_PER_SECOND`). */
  env?: Record<string, string>;
}

/** A `voie api` or `voie worker` OS process: the real command, configured by its environment. */
export interface VoieProcess {
  readonly role: 'api' | 'worker';
  readonly process: ManagedProcess;
  /** The API's port (an API only). */
  readonly port?: number;
}

/**
 * voie as a lender runs it, every part its own OS process: a Temporal server built from the Go module on its own
 * PostgreSQL, the provider simulators, N `voie api` behind a round-robin load balancer and M `voie worker`. The test
 * plays the LOS: it calls the API through the load balancer ({@link los}) and receives the results on a
 * {@link CallbackReceiver} that verifies their signatures.
 */
export class VoieCluster {
  readonly apis: VoieProcess[] = [];
  readonly workers: VoieProcess[] = [];
  private simulators: ManagedProcess | undefined;
  private simulatorUrls: SimulatorUrls | undefined;
  private readonly started = { api: 0, worker: 0 };
  private stoppedPorts: number[] = [];
  private stopping: Promise<Record<string, number | null>> | undefined;
  /** The LOS: through the load balancer, with the API key. */
  readonly los: LosClient;

  private constructor(
    readonly temporal: TemporalCluster,
    readonly proxy: RoundRobinProxy,
    readonly receiver: CallbackReceiver,
    private readonly dataDir: string,
    private readonly options: VoieClusterOptions,
  ) {
    this.los = new LosClient({ baseUrl: proxy.url, apiKey: CLUSTER_API_KEY });
  }

  static async start(options: VoieClusterOptions = {}): Promise<VoieCluster> {
    const temporal = await TemporalCluster.start();
    const cluster = new VoieCluster(
      temporal,
      await RoundRobinProxy.start(),
      await CallbackReceiver.start(CLUSTER_CALLBACK_SECRET),
      mkdtempSync(join(tmpdir(), 'voie-cluster-')),
      options,
    );
    try {
      await cluster.startSimulators(options.stepDelayMs ?? 200);
      // The APIs first: `voie api` registers the search attributes the workflows set.
      for (let index = 0; index < (options.apis ?? 2); index += 1) cluster.apis.push(await cluster.startApi());
      cluster.proxy.setBackends(cluster.apiUrls);
      await Promise.all(Array.from({ length: options.workers ?? 2 }, () => cluster.startWorker()));
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  /** The APIs' own URLs (the load balancer's is {@link proxy}'s). */
  get apiUrls(): string[] {
    return this.apis.map((api) => `http://127.0.0.1:${api.port!}`);
  }

  /** Starts one more `voie worker` (as a supervisor restarts one) and resolves once it polls. */
  async startWorker(): Promise<VoieProcess> {
    // Each worker serves /metrics on a port of its own (9464 by default: two on one machine would collide).
    const metricsPort = await freePort();
    const worker: VoieProcess = {
      role: 'worker',
      process: this.startVoie('worker', { VOIE_METRICS_PORT: String(metricsPort) }),
    };
    this.workers.push(worker);
    await worker.process.waitForOutput('voie worker running', 180_000);
    return worker;
  }

  /** Sets faults of a provider's simulator (see the simulators' `SimulatorFaults`). */
  async setProviderFaults(provider: 'truework' | 'truv', faults: Partial<SimulatorFaults>): Promise<void> {
    await fetch(`${this.simulatorUrls!.control}/faults/${provider}`, { method: 'PUT', body: JSON.stringify(faults) });
  }

  /** The provider's simulator behaves again. */
  async resetProviderFaults(provider: 'truework' | 'truv'): Promise<void> {
    await fetch(`${this.simulatorUrls!.control}/faults/${provider}`, { method: 'DELETE' });
  }

  private async startApi(): Promise<VoieProcess> {
    const port = await freePort();
    // Its /metrics too needs a port of its own: every `voie api` of the cluster runs on this machine.
    const process = this.startVoie('api', { PORT: String(port), VOIE_METRICS_PORT: String(await freePort()) });
    const url = `http://127.0.0.1:${port}/readyz`;
    await process.waitFor(
      () =>
        fetch(url).then(
          (response) => response.ok,
          () => false,
        ),
      `/readyz answering 200 at ${url}`,
      120_000,
    );
    return { role: 'api', process, port };
  }

  private startVoie(role: 'api' | 'worker', env: Record<string, string>): ManagedProcess {
    this.started[role] += 1;
    const compiled = this.options.voie === 'compiled';
    if (compiled && !existsSync(COMPILED_VOIE)) throw new Error(`no ${COMPILED_VOIE}: run \`npm run build\` first`);
    const [command, args] = compiled ? [process.execPath, [COMPILED_VOIE, role]] : [VOIE, [role]];
    return ManagedProcess.start(`voie ${role} #${this.started[role]}`, command, args, {
      cwd: this.dataDir,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TEMPORAL_ADDRESS: this.temporal.address,
        TEMPORAL_NAMESPACE: this.temporal.namespace,
        VOIE_API_KEYS: CLUSTER_API_KEY,
        VOIE_CALLBACK_SECRET: CLUSTER_CALLBACK_SECRET,
        VOIE_ENCRYPTION_KEY: CLUSTER_ENCRYPTION_KEY,
        VOIE_FIELD_KEY: CLUSTER_FIELD_KEY,
        VOIE_CALLBACK_NETWORKS: 'loopback',
        VOIE_DATA_DIR: this.dataDir,
        VOIE_LOG_LEVEL: 'info',
        // The whole suite's orders come from one key.
        VOIE_RATE_LIMIT: '100000',
        // And every provider's webhooks from one address (the simulators'), for the length of the suite.
        VOIE_WEBHOOK_RATE_LIMIT: '100000',
        ...providerEnvironment(this.simulatorUrls!),
        ...this.options.env,
        ...env,
      },
    });
  }

  private async startSimulators(stepDelayMs: number): Promise<void> {
    const script = join(__dirname, 'simulators-process.ts');
    const simulators = ManagedProcess.start('simulators', process.execPath, ['--import', TSX_LOADER, script], {
      cwd: this.dataDir,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        WEBHOOK_BASE_URL: this.proxy.url,
        STEP_DELAY_MS: String(stepDelayMs),
      },
    });
    this.simulators = simulators;
    await simulators.waitForOutput(/^\{.*\}$/m);
    this.simulatorUrls = JSON.parse(/^\{.*\}$/m.exec(simulators.printed)![0]) as SimulatorUrls;
  }

  /** Places a sandbox order of `provider` that completes; throws unless the API answers 201. */
  placeOrder(provider: 'truework' | 'truv'): Promise<OrderView> {
    return this.los.placeOrder(completingOrderBody(provider, this.receiver.url));
  }

  /** Reads the orders (round-robin) until every one is terminal; returns them as last read. */
  waitUntilTerminal(ids: string[], timeoutMs = 180_000): Promise<OrderView[]> {
    return this.los.waitForOrders(ids, (order) => isTerminal(order.status), timeoutMs);
  }

  /** The orders the provider's simulator holds, as it lists them. */
  async providerOrders<T = Record<string, unknown>>(provider: 'truework' | 'truv'): Promise<T[]> {
    const response = await fetch(`${this.simulatorUrls!.control}/orders/${provider}`);
    return (await response.json()) as T[];
  }

  /**
   * The API requests the provider's simulator got, in order, with when (epoch ms) and how each was answered; from
   * the `from`th on (a log of thousands is read as it grows).
   */
  async providerRequests(provider: 'truework' | 'truv', from = 0): Promise<SimulatedRequest[]> {
    const response = await fetch(`${this.simulatorUrls!.control}/requests/${provider}?from=${from}`);
    return (await response.json()) as SimulatedRequest[];
  }

  /** Every port a part of the cluster listened on: after {@link stop}, none may answer. */
  get ports(): number[] {
    const urls = [
      this.proxy.url,
      this.receiver.url,
      ...(this.simulatorUrls ? [this.simulatorUrls.truework, this.simulatorUrls.truv, this.simulatorUrls.control] : []),
    ];
    return [
      ...this.temporal.listeningPorts,
      ...this.apis.map((api) => api.port!),
      ...urls.map((url) => Number(new URL(url).port)),
    ];
  }

  /** Of the ports the cluster listened on when {@link stop} was called, those still answering (none after a clean stop). */
  async stillListening(): Promise<number[]> {
    const answering = await Promise.all(this.stoppedPorts.map(async (port) => ((await isListening(port)) ? port : 0)));
    return answering.filter(Boolean);
  }

  /**
   * Stops everything, as supervisors do (SIGTERM), voie first, then the simulators, Temporal and PostgreSQL; resolves
   * with each voie process's exit code by name.
   */
  stop(): Promise<Record<string, number | null>> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async stopAll(): Promise<Record<string, number | null>> {
    this.stoppedPorts = this.ports;
    const voie = [...this.apis, ...this.workers].map(({ process }) => process);
    const codes = await Promise.all(voie.map((process) => process.stop()));
    await this.simulators?.stop();
    await this.proxy.close();
    await this.receiver.close();
    await this.temporal.destroy();
    rmSync(this.dataDir, { recursive: true, force: true });
    return Object.fromEntries(voie.map((process, index) => [process.name, codes[index]!]));
  }
}

/** The cluster of one test file: started before its first test (it may build and start for minutes), stopped after. */
export function useCluster(options: VoieClusterOptions = {}): VoieCluster {
  return useStarted({
    start: () => VoieCluster.start(options),
    stop: async (cluster) => void (await cluster.stop()),
    startTimeoutMs: 900_000,
    stopTimeoutMs: 120_000,
  });
}
