import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { CallbackSecrets } from '../callback-secrets';
import type { Config } from '../config';
import { ConfigError } from '../config';
import { createApp } from '../api/app';
import type { Logger } from '../logger';
import type { ProviderConnection } from '../providers/provider';
import { PROVIDERS } from '../providers/registry';
import {
  type ClientTransport,
  connectClient,
  createClientDataConverter,
  createWorkerDataConverter,
  type DataConverterKeys,
} from '../temporal/connection';
import { FieldSealer } from '../temporal/field-sealer';
import { tracingClientInterceptors } from '../telemetry/temporal-tracing';
import type { Tracing } from '../telemetry/tracing';
import { TRACING_OFF } from '../telemetry/tracing';
import { WorkflowTraces } from '../telemetry/workflow-traces';

function dataConverterKeys(config: Config): DataConverterKeys {
  if (!config.encryptionKey) throw new Error('VOIE_ENCRYPTION_KEY is required');
  if (!config.fieldKey) throw new Error('VOIE_FIELD_KEY is required');
  return {
    encryptionKeys: [config.encryptionKey, ...config.retiredEncryptionKeys],
    fieldKeys: [config.fieldKey, ...config.retiredFieldKeys],
  };
}

/** The sealer of the applicant's identifiers, for the workers' provider activities. */
export function fieldSealerFor(config: Config): FieldSealer {
  return FieldSealer.fromBase64(dataConverterKeys(config).fieldKeys);
}

/** The data converter of the API's client: encryption with the configured key, identifiers sealed. */
export function clientDataConverterFor(config: Config): DataConverter {
  return createClientDataConverter(dataConverterKeys(config));
}

/** The workers' data converter: as the client's, and it refuses payloads voie did not encrypt. */
export function workerDataConverterFor(config: Config): DataConverter {
  return createWorkerDataConverter(dataConverterKeys(config));
}

/** What signs result deliveries: `VOIE_CALLBACK_SECRETS` per tenant, `VOIE_CALLBACK_SECRET` for the others. */
export function callbackSecretsFor(config: Config): CallbackSecrets {
  if (!config.callbackSecret) throw new Error('VOIE_CALLBACK_SECRET is required');
  return { fallback: config.callbackSecret, tenants: config.callbackSecrets };
}

/**
 * The providers the configuration sets up, by name.
 * @throws ConfigError when a named waterfall (`VOIE_WATERFALLS`) has a step of a provider not set up: every order of
 * it would be refused.
 */
export function configuredProviders(config: Config): Map<string, ProviderConnection> {
  const providers = new Map<string, ProviderConnection>();
  for (const provider of PROVIDERS) {
    const connection = provider.fromConfig(config);
    if (connection) providers.set(provider.name, connection);
  }
  const unset = Object.entries(config.waterfalls).flatMap(([name, waterfall]) =>
    waterfall.steps
      .filter((step) => !providers.has(step.provider))
      .map((step) => `  VOIE_WATERFALLS: "${name}": ${step.provider} is not configured on this voie`),
  );
  if (unset.length) throw new ConfigError(`invalid configuration:\n${unset.join('\n')}`);
  return providers;
}

export async function startApi(options: {
  config: Config;
  address: string;
  providers: ReadonlyMap<string, ProviderConnection>;
  logger: Logger;
  /** The client's connection to Temporal; the JS gRPC one unless given (see `connectClient`). */
  transport?: ClientTransport;
  /** The process's tracing: the client's interceptors carry each request's trace into the workflows. */
  tracing?: Tracing;
}): Promise<{ client: Client; server: Server; url: string }> {
  const { config, logger } = options;
  const tracing = options.tracing ?? TRACING_OFF;
  // With tracing on, the orders' traces, for the webhooks' links to them.
  const workflowTraces = tracing.enabled ? new WorkflowTraces() : undefined;
  const client = await connectClient(
    config,
    options.address,
    clientDataConverterFor(config),
    options.transport,
    tracingClientInterceptors(tracing, workflowTraces),
  );
  const app = createApp({ config, client, providers: options.providers, logger, workflowTraces });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, (err?: Error) => (err ? reject(err) : resolve(listening)));
  });
  const port = (server.address() as { port: number }).port;
  return { client, server, url: `http://127.0.0.1:${port}` };
}

/** Stops on Ctrl-C or SIGTERM, once. */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (): void => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
