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

export async function connectClient(config: Config, address: string, dataConverter: DataConverter): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(config, address));
  return new Client({ connection, namespace: config.temporal.namespace, dataConverter });
}

export function connectWorker(config: Config, address: string): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(config, address));
}
