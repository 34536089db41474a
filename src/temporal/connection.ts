import { readFileSync } from 'node:fs';
import type { DataConverter } from '@temporalio/common';
import { Client, Connection } from '@temporalio/client';
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

/** How a client reaches Temporal: the SDK's native (Rust) connection, or its pure-JS gRPC one. */
export type ClientTransport = 'native' | 'grpc-js';

/**
 * A client for the API. `voie api` runs it on the SDK's native connection: a webhook is one HTTP request in and one
 * signal out, and the JS gRPC stack (HTTP/2 framing, interceptors, retries) was the largest share of the API's CPU
 * per webhook; the native client does that work in Rust, off the event loop. It retries `UNAVAILABLE` as the JS one
 * does, honours `withDeadline` and raises the same gRPC errors (code, details, metadata), so the answers (`503` when
 * Temporal is away, not-found for an ended order) do not change. It needs the SDK's runtime installed first
 * (`installTemporalRuntime`), and a process that ends by `process.exit`, as `voie api` does. `voie dev`, which ends
 * when its event loop empties, keeps the JS connection.
 */
export async function connectClient(
  config: Config,
  address: string,
  dataConverter: DataConverter,
  transport: ClientTransport = 'grpc-js',
): Promise<Client> {
  const options = connectionOptions(config, address);
  const connection =
    transport === 'native' ? await NativeConnection.connect(options) : await Connection.connect(options);
  return new Client({ connection, namespace: config.temporal.namespace, dataConverter });
}

export function connectWorker(config: Config, address: string): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(config, address));
}
