import { callbackPolicy, requireSettings, type Config } from '../config';
import { createLogger } from '../logger';
import { freeLoopbackPort } from '../net/free-port';
import { connectWorker } from '../temporal/connection';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { installTemporalRuntime } from '../temporal/runtime';
import { createWorkers, runWorkers } from '../worker';
import { startMetricsServer } from '../metrics-server';
import { startTracing } from '../telemetry/tracing';
import {
  callbackSecretsFor,
  configuredProviders,
  onShutdown,
  startApi,
  workerDataConverterFor,
  fieldSealerFor,
} from './runtime';

function temporalAddress(config: Config): string {
  if (!config.temporal.address) throw new Error('TEMPORAL_ADDRESS is required (voie dev starts its own server)');
  return config.temporal.address;
}

/**
 * `voie api`: the HTTP API and webhook ingress alone, and `/metrics` on `VOIE_METRICS_PORT` (voie's and the SDK's
 * native client's), never on the API's port.
 */
export async function runApi(config: Config): Promise<void> {
  requireSettings(config, {
    apiKeys: 'VOIE_API_KEYS',
    encryptionKey: 'VOIE_ENCRYPTION_KEY',
    fieldKey: 'VOIE_FIELD_KEY',
  });
  const logger = createLogger(config.logLevel);
  const sdkMetricsAddress = `127.0.0.1:${await freeLoopbackPort()}`;
  installTemporalRuntime(logger, { forwardNativeLogs: true, prometheusBindAddress: sdkMetricsAddress });
  // First: a metrics port in use stops the process before it takes traffic it could not be watched serving.
  const metrics = await startMetricsServer({
    port: config.metricsPort,
    sdkMetricsUrl: `http://${sdkMetricsAddress}/metrics`,
    logger,
  });
  const tracing = startTracing(config.tracing, 'api');
  const api = await startApi({
    tracing,
    config,
    address: temporalAddress(config),
    providers: configuredProviders(config),
    logger,
    transport: 'native',
  });
  // Temporal Cloud namespaces refuse this call (their attributes are managed with tcld): register them there once.
  await ensureSearchAttributes(api.client).catch((err: unknown) =>
    logger.warn(
      { err },
      'could not register the search attributes; register them once by hand (see docs/operations.md)',
    ),
  );
  logger.info({ url: api.url, metricsPort: config.metricsPort }, 'voie api listening');
  onShutdown(async () => {
    // Drain: answer what is in flight, each answer closing its connection, else a load balancer's keep-alive
    // connections, never idle under load, would hold the server open until the supervisor kills it.
    api.server.prependListener('request', (_req, res) => res.setHeader('connection', 'close'));
    await new Promise((done) => api.server.close(done));
    await api.client.connection.close();
    await new Promise((done) => metrics.close(done));
    await tracing.shutdown();
  });
}

/**
 * `voie worker`: the Temporal workers alone, and `/metrics` on `VOIE_METRICS_PORT`. The workers stop on SIGINT or
 * SIGTERM (the SDK's runtime drains them), then the metrics server closes and the process exits.
 */
export async function runWorker(config: Config): Promise<void> {
  requireSettings(config, {
    callbackSecret: 'VOIE_CALLBACK_SECRET',
    encryptionKey: 'VOIE_ENCRYPTION_KEY',
    fieldKey: 'VOIE_FIELD_KEY',
  });
  const logger = createLogger(config.logLevel);
  const sdkMetricsAddress = `127.0.0.1:${await freeLoopbackPort()}`;
  installTemporalRuntime(logger, { prometheusBindAddress: sdkMetricsAddress });
  const metrics = await startMetricsServer({
    port: config.metricsPort,
    sdkMetricsUrl: `http://${sdkMetricsAddress}/metrics`,
    logger,
  });
  const providers = configuredProviders(config);
  const tracing = startTracing(config.tracing, 'worker');
  const workers = await createWorkers({
    tracing,
    connection: await connectWorker(config, temporalAddress(config)),
    namespace: config.temporal.namespace,
    dataConverter: workerDataConverterFor(config),
    fieldSealer: fieldSealerFor(config),
    providers,
    callbackSecrets: callbackSecretsFor(config),
    callbackPolicy: callbackPolicy(config),
    providerRequestsPerSecond: config.providerRequestsPerSecond,
    maxCachedWorkflows: config.workflowCacheSize,
  });
  logger.info({ providers: [...providers.keys()], metricsPort: config.metricsPort }, 'voie worker running');
  await runWorkers(workers);
  await tracing.shutdown();
  await new Promise((done) => metrics.close(done));
}
