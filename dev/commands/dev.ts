import { isAbsolute, join, relative } from 'node:path';
import type { RunDev } from '../../src/commands/dev-from-checkout';
import {
  callbackSecretsFor,
  configuredProviders,
  startApi,
  workerDataConverterFor,
  fieldSealerFor,
} from '../../src/commands/runtime';
import { callbackPolicy, type Config } from '../../src/config';
import { createLogger, type Logger } from '../../src/logger';
import { metricsPortOf, startMetricsServer } from '../../src/metrics-server';
import { freeLoopbackPort } from '../../src/net/free-port';
import type { ProviderConnection } from '../../src/providers/provider';
import { PROVIDERS } from '../../src/providers/registry';
import { connectWorker } from '../../src/temporal/connection';
import { installTemporalRuntime } from '../../src/temporal/runtime';
import { ensureSearchAttributes } from '../../src/temporal/search-attributes';
import { createWorkers, runWorkers } from '../../src/worker';
import { startTracing } from '../../src/telemetry/tracing';
import { withDevSecrets } from '../dev-secrets';
import type { RunningSimulator } from '../simulators';
import { startDevServer } from '../temporal/dev-server';

/**
 * `voie dev` / `npm start`: everything on one machine — the embedded Temporal dev server (unless TEMPORAL_ADDRESS
 * is set), the worker, the API, and a simulator for every provider without credentials.
 */
export const runDev: RunDev = async (baseConfig) => {
  const { config, generated } = withDevSecrets(baseConfig);
  const logger = createLogger(config.logLevel);
  // One /metrics for the process on VOIE_METRICS_PORT: the SDK's (workers and client) and voie's, as in production.
  const sdkMetricsAddress = `127.0.0.1:${await freeLoopbackPort()}`;
  installTemporalRuntime(logger, { prometheusBindAddress: sdkMetricsAddress });
  const metrics = await startMetricsServer({
    port: config.metricsPort,
    sdkMetricsUrl: `http://${sdkMetricsAddress}/metrics`,
    logger,
  });
  const devServer = config.temporal.address
    ? undefined
    : await startDevServer({
        cliPath: config.temporal.cliPath,
        dataDir: config.dataDir,
        namespace: config.temporal.namespace,
        uiPort: config.temporal.uiPort,
        port: config.temporal.devPort,
        // The UI decrypts payloads through voie's codec endpoint; the key in the path is its credential.
        codecEndpoint: `http://127.0.0.1:${config.port}/codec/${config.codecKeys[0]}`,
      });
  const address = config.temporal.address ?? devServer!.address;

  const providers = configuredProviders(config);
  const simulators = await startSimulators(config, providers, logger);

  const tracing = startTracing(config.tracing, 'dev');
  const api = await startApi({ tracing, config, address, providers, logger });
  if (!devServer) await ensureSearchAttributes(api.client);
  const workers = await createWorkers({
    tracing,
    connection: await connectWorker(config, address),
    namespace: config.temporal.namespace,
    dataConverter: workerDataConverterFor(config),
    fieldSealer: fieldSealerFor(config),
    providers,
    callbackSecrets: callbackSecretsFor(config),
    callbackPolicy: callbackPolicy(config),
    maxCachedWorkflows: config.workflowCacheSize,
  });
  const running = runWorkers(workers);

  printBanner({
    config,
    generated,
    apiUrl: api.url,
    metricsUrl: `http://127.0.0.1:${metricsPortOf(metrics)}/metrics`,
    uiUrl: devServer?.uiUrl,
    temporalCli: devServer?.cliPath,
    simulated: simulators.length > 0,
  });

  // Temporal's runtime shuts the workers down on SIGINT/SIGTERM; the rest follows them.
  await running;
  await new Promise((done) => api.server.close(done));
  await api.client.connection.close();
  await tracing.shutdown();
  await Promise.all(simulators.map((simulator) => simulator.close()));
  await new Promise((done) => metrics.close(done));
  await devServer?.stop();
};

/**
 * Starts a simulator for every provider without credentials and adds the provider, connected to it, to `providers`.
 * Loaded with a dynamic import: with every provider's credentials set, `voie dev` loads no simulator.
 */
async function startSimulators(
  config: Config,
  providers: Map<string, ProviderConnection>,
  logger: Logger,
): Promise<RunningSimulator[]> {
  const unconfigured = PROVIDERS.filter((provider) => !providers.has(provider.name));
  if (unconfigured.length === 0) return [];
  const { startSimulatedProvider } = await import('../simulators');
  const simulators: RunningSimulator[] = [];
  // The settings each simulator gives its provider: a provider on another's account connects to that one's simulator.
  const settingsOf = new Map<string, Partial<Config>>();
  for (const provider of unconfigured.filter((candidate) => !candidate.account)) {
    const webhookUrl = `http://127.0.0.1:${config.port}/webhooks/${provider.name}`;
    const stateFile = join(config.dataDir, 'simulators', `${provider.name}.json`);
    const { simulator, connection, settings } = await startSimulatedProvider(provider, config, {
      webhookUrl,
      stateFile,
    });
    simulators.push(simulator);
    settingsOf.set(provider.name, settings);
    providers.set(provider.name, connection);
    logger.info({ provider: provider.name, baseUrl: simulator.baseUrl }, 'provider simulator started');
  }
  for (const provider of unconfigured.filter((candidate) => candidate.account)) {
    const settings = settingsOf.get(provider.account!);
    const connection = settings && provider.fromConfig({ ...config, ...settings });
    if (connection) providers.set(provider.name, connection);
    else logger.warn({ provider: provider.name, account: provider.account }, 'provider not configured');
  }
  return simulators;
}

function printBanner(options: {
  config: Config;
  generated: string[];
  apiUrl: string;
  metricsUrl: string;
  uiUrl?: string;
  temporalCli?: string;
  simulated: boolean;
}): void {
  const { config, apiUrl } = options;
  const apiKey = config.apiKeys[0]!.key;
  const lines = [
    '',
    'voie is running',
    `  API            ${apiUrl}`,
    `  Temporal UI    ${options.uiUrl ?? '(external Temporal server)'}`,
    `  metrics        ${options.metricsUrl}`,
    `  API key        ${apiKey}${options.generated.includes('apiKey') ? '   (generated; set VOIE_API_KEYS to choose)' : ''}`,
    `  callback secret ${options.generated.includes('callbackSecret') ? `${config.callbackSecret}   (generated; set VOIE_CALLBACK_SECRET)` : '(from VOIE_CALLBACK_SECRET)'}`,
    `  codec endpoint ${apiUrl}/codec (key: ${config.codecKeys[0]}) — the Temporal UI decrypts payloads through it`,
    `  data           ${config.dataDir}`,
    ...(options.temporalCli ? [`  temporal CLI   ${shownPath(options.temporalCli)}`] : []),
    '',
    'Place a sandbox Truework order (SSN 000-00-0000 completes):',
    `  curl -sS -X POST ${apiUrl}/v1/orders \\`,
    `    -H 'Authorization: Bearer ${apiKey}' -H 'Content-Type: application/json' \\`,
    `    -d '{"external_id":"demo-${Date.now()}","provider":"truework","permissible_purpose":"credit-application","loan_id":"8812",` +
      `"applicant":{"first_name":"Jane","last_name":"Doe","ssn":"000-00-0000"},"employer":{"name":"Acme Inc"}}'`,
    `Then: curl -sS ${apiUrl}/v1/orders/<id> -H 'Authorization: Bearer ${apiKey}'`,
    'Ctrl-C stops everything; the next start resumes every open order.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

/** A path inside the checkout relative to it (as the docs name `.tools/…`), any other as it is. */
function shownPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}
