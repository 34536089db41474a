import { readFileSync } from 'node:fs';
import type { DataConverter } from '@temporalio/common';
import type { ClientInterceptors } from '@temporalio/client';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config';
import { EncryptionCodec, encryptionKeyFromBase64 } from './encryption-codec';
import { FieldSealer } from './field-sealer';
import { FieldSealingCodec } from './field-sealing-codec';

/** The keys of a data converter, each list the current key first, then the retired ones. */
export interface DataConverterKeys {
  /** `VOIE_ENCRYPTION_KEY`, `VOIE_ENCRYPTION_RETIRED_KEYS`: every payload. */
  encryptionKeys: readonly string[];
  /** `VOIE_FIELD_KEY`, `VOIE_FIELD_RETIRED_KEYS`: the applicant's SSN and date of birth, inside the payload. */
  fieldKeys: readonly string[];
}

/**
 * The data converter of the API's client (and the codec endpoint, which uses its codecs): every payload and failure
 * encrypted, the applicant's identifiers sealed first. It reads payloads it did not encrypt as they are.
 */
export function createClientDataConverter(keys: DataConverterKeys): DataConverter {
  return dataConverter(keys, false);
}

/**
 * The workers' data converter: as the client's, but a payload that voie's keys did not encrypt fails its workflow or
 * activity task, so an input from whoever else reaches the Temporal frontend is never run.
 */
export function createWorkerDataConverter(keys: DataConverterKeys): DataConverter {
  return dataConverter(keys, true);
}

function dataConverter(keys: DataConverterKeys, refusePlaintext: boolean): DataConverter {
  return {
    // Encoded in this order, decoded in reverse: identifiers are sealed inside the payload before it is encrypted.
    payloadCodecs: [
      new FieldSealingCodec(FieldSealer.fromBase64(keys.fieldKeys)),
      new EncryptionCodec(keys.encryptionKeys.map(encryptionKeyFromBase64), { refusePlaintext }),
    ],
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
  interceptors?: ClientInterceptors,
): Promise<Client> {
  const options = connectionOptions(config, address);
  const connection =
    transport === 'native' ? await NativeConnection.connect(options) : await Connection.connect(options);
  return new Client({ connection, namespace: config.temporal.namespace, dataConverter, interceptors });
}

export function connectWorker(config: Config, address: string): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(config, address));
}
