import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../src/api/app';
import { problemSchema } from '../../src/api/response-schemas';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { truework } from '../../src/providers/truework';
import { eventually } from '../kit';

/**
 * The API's answers when a request cannot be served, over real HTTP: `503` when Temporal cannot be reached, `500`
 * for a bug in voie. Both APIs point at a port where no Temporal listens; the second one's payload codec is broken,
 * which fails a create before anything is sent.
 */
const API_KEY = 'api-errors-key';
const NO_TEMPORAL = '127.0.0.1:1';

interface RunningApi {
  url: string;
  logs: string[];
  close(): Promise<void>;
}

async function startApi(codecBug: boolean): Promise<RunningApi> {
  const config = loadConfig({
    VOIE_API_KEYS: API_KEY,
    VOIE_FIELD_KEY: Buffer.alloc(32, 1).toString('base64'),
    TRUEWORK_BASE_URL: 'http://127.0.0.1:1',
    TRUEWORK_API_KEY: 'key',
    TRUEWORK_WEBHOOK_TOKEN: 'token',
  });
  const logs: string[] = [];
  const logger = createLogger(
    'info',
    new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        logs.push(chunk.toString('utf8'));
        done();
      },
    }),
  );
  // No gRPC retries (the default retries UNAVAILABLE for about 20 s): the first refusal reaches the API.
  const connection = Connection.lazy({ address: NO_TEMPORAL, connectTimeout: '1s', interceptors: [] });
  const brokenCodec = {
    encode: (): never => {
      throw new TypeError("Cannot read properties of undefined (reading 'key')");
    },
    decode: (payloads: never[]) => Promise.resolve(payloads),
  };
  const client = new Client({ connection, dataConverter: codecBug ? { payloadCodecs: [brokenCodec] } : {} });
  const providers = new Map([['truework', truework.fromConfig(config)!]]);
  const app = createApp({ config, client, providers, logger });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    logs,
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      await connection.close();
    },
  };
}

function call(api: RunningApi, method: string, path: string, options: { body?: unknown; requestId?: string } = {}) {
  return fetch(`${api.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${API_KEY}`,
      ...(options.body ? { 'content-type': 'application/json' } : {}),
      ...(options.requestId ? { 'x-request-id': options.requestId } : {}),
    },
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
}

const ORDER = {
  external_id: 'api-errors-1',
  provider: 'truework',
  type: 'employment',
  permissible_purpose: 'credit-application',
  use_case: 'mortgage',
  applicant: { first_name: 'Jane', last_name: 'Doe', ssn: '991-91-9991' },
  employer: { name: 'Acme Inc' },
};

describe('an API that cannot serve a request', () => {
  let unreachable: RunningApi;
  let buggy: RunningApi;

  beforeAll(async () => {
    [unreachable, buggy] = await Promise.all([startApi(false), startApi(true)]);
  });

  afterAll(async () => {
    await Promise.all([unreachable?.close(), buggy?.close()]);
  });

  it('answers 503 with Retry-After when Temporal is unreachable, echoing a sane X-Request-Id', async () => {
    const response = await call(unreachable, 'GET', '/v1/orders', { requestId: 'los-req-42' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('x-request-id')).toBe('los-req-42');
    const problem = problemSchema.parse(await response.json());
    expect(problem).toMatchObject({ status: 503, correlation_id: 'los-req-42' });
    const logged = unreachable.logs.map(
      (line) => JSON.parse(line) as { level: string; requestId?: string; msg: string },
    );
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        requestId: 'los-req-42',
        msg: 'request failed: Temporal is unreachable',
      }),
    );
  });

  it('answers 500 for a bug, with a correlation id in the body, the header and the log line, and no stack', async () => {
    const response = await call(buggy, 'POST', '/v1/orders', { body: ORDER, requestId: 'not sane: spaces' });
    expect(response.status).toBe(500);
    expect(response.headers.get('retry-after')).toBeNull();
    const text = await response.text();
    const problem = problemSchema.parse(JSON.parse(text));
    expect(problem).toMatchObject({ status: 500, title: 'Internal Server Error' });
    // The insane incoming id is replaced by voie's own.
    expect(problem.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-request-id')).toBe(problem.correlation_id);
    expect(text).not.toMatch(/TypeError|reading 'key'|\bat \S+ \(/);
    const logged = buggy.logs
      .map((line) => JSON.parse(line) as { level: string; requestId?: string; stack?: string; err?: { type: string } })
      .filter((line) => line.requestId === problem.correlation_id && line.level === 'error');
    expect(logged).toEqual([
      // The request's tenant is on the line: whose request failed.
      expect.objectContaining({
        level: 'error',
        tenant: 'default',
        err: expect.objectContaining({ type: 'TypeError' }),
      }),
    ]);
    expect(logged[0]?.stack).toContain('TypeError');
    expect(buggy.logs.join('')).not.toContain('991-91-9991');
  });

  it('gives every answer a correlation id header, successful or not', async () => {
    const response = await call(unreachable, 'GET', '/healthz');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

interface AccessLine {
  level: string;
  msg: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  requestId: string;
  tenant?: string;
  orderId?: string;
}

describe('the access log', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(true);
  });
  afterAll(() => api?.close());

  /** The access lines of the request whose answer carried `requestId`, once the API wrote them. */
  const accessLines = (requestId: string): Promise<AccessLine[]> =>
    eventually(
      () => {
        const lines = api.logs
          .map((line) => JSON.parse(line) as AccessLine)
          .filter((line) => line.msg === 'request' && line.requestId === requestId);
        return lines.length > 0 ? lines : undefined;
      },
      { timeoutMs: 5_000, what: `the access line of ${requestId}` },
    );

  it('writes one info line per /v1 request: method, route pattern, status, duration, request id, tenant, order id', async () => {
    const orderId = `vo_${'ab'.repeat(12)}`;
    const read = await call(api, 'GET', `/v1/orders/${orderId}/report`, { requestId: 'los-read-1' });
    expect(read.status).toBe(503);
    expect(await accessLines('los-read-1')).toEqual([
      {
        level: 'info',
        service: 'voie',
        time: expect.any(Number),
        msg: 'request',
        method: 'GET',
        route: '/v1/orders/:id/report',
        status: 503,
        durationMs: expect.any(Number),
        requestId: 'los-read-1',
        tenant: 'default',
        orderId,
      },
    ]);
  });

  it('never writes a body, a query value or a path that is not an order id', async () => {
    const placed = await call(api, 'POST', '/v1/orders', { body: ORDER, requestId: 'los-place-1' });
    expect(placed.status).toBe(500);
    const listed = await call(api, 'GET', '/v1/orders?loan_id=loan-secret-77&status=completed', {
      requestId: 'los-list-1',
    });
    expect(listed.status).toBe(503);
    const unknown = await call(api, 'GET', '/v1/orders/991-91-9991', { requestId: 'los-odd-1' });
    expect(unknown.status).toBe(404);
    expect(await accessLines('los-place-1')).toEqual([
      expect.objectContaining({ method: 'POST', route: '/v1/orders', status: 500, tenant: 'default' }),
    ]);
    expect(await accessLines('los-list-1')).toEqual([
      expect.objectContaining({ method: 'GET', route: '/v1/orders', status: 503 }),
    ]);
    const [odd] = await accessLines('los-odd-1');
    expect(odd).toMatchObject({ route: '/v1/orders/:id', status: 404 });
    expect(odd?.orderId).toBeUndefined();
    const text = api.logs.join('');
    expect(text).not.toContain('991-91-9991');
    expect(text).not.toContain('loan-secret-77');
    expect(text).not.toContain('Jane');
  });

  it("writes webhooks, probes and the codec's requests at debug only, never at info", async () => {
    await fetch(`${api.url}/webhooks/truework`, { method: 'POST', headers: { 'x-request-id': 'hook-1' }, body: '{}' });
    await fetch(`${api.url}/healthz`, { headers: { 'x-request-id': 'probe-1' } });
    await new Promise((done) => setTimeout(done, 200));
    const lines = api.logs.map((line) => JSON.parse(line) as AccessLine);
    expect(lines.filter((line) => ['hook-1', 'probe-1'].includes(line.requestId) && line.msg === 'request')).toEqual(
      [],
    );
  });
});
