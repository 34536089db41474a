import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../src/api/app';
import { problemSchema } from '../../src/api/response-schemas';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';

/**
 * `GET /v1/orders` when Temporal has stopped: the client's default gRPC retries would keep the listing waiting for
 * about 20 s (and a shutdown meanwhile closed the channel under it); under the API's deadline it answers 503 with
 * Retry-After once the deadline passes. The connection is the one production makes, retries included; the address
 * is a port that was listened on and closed, as a stopped server leaves it.
 */
const API_KEY = 'list-deadline-key';
const ANSWER_TIMEOUT_MS = 1_000;

async function stoppedServerAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `127.0.0.1:${port}`;
}

describe('GET /v1/orders when Temporal has stopped', () => {
  let connection: Connection;
  let server: Server;
  let url: string;
  const logs: string[] = [];

  beforeAll(async () => {
    const config = loadConfig({
      VOIE_API_KEYS: API_KEY,
      TRUEWORK_BASE_URL: 'http://127.0.0.1:1',
      TRUEWORK_API_KEY: 'key',
      TRUEWORK_WEBHOOK_TOKEN: 'token',
    });
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        logs.push(chunk.toString('utf8'));
        done();
      },
    });
    connection = Connection.lazy({ address: await stoppedServerAddress(), connectTimeout: '1s' });
    const app = createApp({
      config,
      client: new Client({ connection }),
      providers: new Map(),
      logger: createLogger('info', sink),
      temporalAnswerTimeoutMs: ANSWER_TIMEOUT_MS,
    });
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((done) => server?.close(done));
    await connection?.close();
  });

  it('answers 503 with Retry-After once the deadline passes, instead of waiting on the retries', async () => {
    const started = Date.now();
    const response = await fetch(`${url}/v1/orders?limit=5`, { headers: { authorization: `Bearer ${API_KEY}` } });
    const waited = Date.now() - started;
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(problemSchema.parse(await response.json())).toMatchObject({ status: 503 });
    expect(waited).toBeGreaterThanOrEqual(ANSWER_TIMEOUT_MS - 100);
    expect(waited).toBeLessThan(ANSWER_TIMEOUT_MS + 4_000);
    const logged = logs.map((line) => JSON.parse(line) as { level: string; msg: string });
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: 'request failed: Temporal is unreachable' }),
    );
  }, 15_000);
});
