import { readFileSync } from 'node:fs';
import type { DataConverter } from '@temporalio/common';
import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config';
import { EncryptionCodec, encryptionKeyFromBase64 } from './encryption-codec';

/** The data converter shared by the worker, the API's client and the CLI: every payload and failure encrypted. */
export function createDataConverter(encryptionKeys: readonly string[]): DataConverter {
  return {
    payloadCodecs: [new EncryptionCodec(encryptionKeys.map(encryptionKeyFromBase64))],
    failureConverterPath: require.resolve('./failure-converter'),
  };
}

function connectionOptions(config: Config, address: string) {
  const { apiKey, tlsCertPath, tlsKeyPath } = config.temporal;
  const mtls =
    tlsCertPath && tlsKeyPath
      ? { clientCertPair: { crt: readFileSync(tlsCertPath), key: readFileSync(tlsKeyPath) } }
      : undefined;
  return { address, apiKey, tls: mtls ?? (apiKey ? true : undefined) };
}

/**
 * The API's client, on the SDK's native (Rust) connection rather than the pure-JS gRPC one: a webhook is one HTTP
 * request in and one signal out, and the JS gRPC stack (HTTP/2 framing, interceptors, retries) was the largest share
 * of the API's CPU per webhook. The native client does that work off the event loop, retries `UNAVAILABLE` as the JS
 * one does, honours `withDeadline` and raises the same gRPC errors (code, details, metadata), so answers (`503`
 * when Temporal is away, not-found for an ended order) do not change. The process must have installed the SDK's
 * runtime first (`installTemporalRuntime`).
 */
export async function connectClient(config: Config, address: string, dataConverter: DataConverter): Promise<Client> {
  const connection = await NativeConnection.connect(connectionOptions(config, address));
  return new Client({ connection, namespace: config.temporal.namespace, dataConverter });
}

export function connectWorker(config: Config, address: string): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(config, address));
}
