import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection, type WorkflowSignalInput } from '@temporalio/client';
import { createApp } from '../../src/api/app';
import { configuredProviders } from '../../src/commands/runtime';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';

/** Where no Temporal listens: anything the API asks of Temporal but a signal fails (`503`). */
const NO_TEMPORAL = '127.0.0.1:1';

export const OFFLINE_API_KEY = 'offline-api-key';
export const OFFLINE_CODEC_KEY = 'offline-codec-key';
export const OFFLINE_TRUEWORK_TOKEN = 'offline-truework-token';
export const OFFLINE_TRUV_SECRET = 'offline-truv-secret';

/** voie's real Express app on a port, without Temporal: every signal it sends to an order is recorded, and succeeds. */
export interface OfflineApi {
  url: string;
  port: number;
  /** The signals sent to orders, in order: what a webhook forwarded. */
  signals: { workflowId: string; signalName: string; args: unknown[] }[];
  close(): Promise<void>;
}

/** Starts the app with both providers' webhooks configured (their APIs unreachable), and `env` on top. */
export async function startOfflineApi(env: Record<string, string> = {}): Promise<OfflineApi> {
  const config = loadConfig({
    VOIE_API_KEYS: OFFLINE_API_KEY,
    VOIE_CODEC_KEYS: OFFLINE_CODEC_KEY,
    TRUEWORK_BASE_URL: 'http://127.0.0.1:1',
    TRUEWORK_API_KEY: 'unused',
    TRUEWORK_WEBHOOK_TOKEN: OFFLINE_TRUEWORK_TOKEN,
    TRUV_BASE_URL: 'http://127.0.0.1:1',
    TRUV_CLIENT_ID: 'unused',
    TRUV_SECRET: OFFLINE_TRUV_SECRET,
    ...env,
  });
  const signals: OfflineApi['signals'] = [];
  // No gRPC retries: a call that reaches for Temporal fails at once.
  const connection = Connection.lazy({ address: NO_TEMPORAL, connectTimeout: '1s', interceptors: [] });
  const client = new Client({
    connection,
    interceptors: {
      workflow: [
        {
          signal: (input: WorkflowSignalInput) => {
            signals.push({
              workflowId: input.workflowExecution.workflowId,
              signalName: input.signalName,
              args: input.args,
            });
            return Promise.resolve();
          },
        },
      ],
    },
  });
  const app = createApp({ config, client, providers: configuredProviders(config), logger: createLogger('silent') });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    signals,
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      await connection.close();
    },
  };
}
