import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/api/app';
import { fingerprintedBody, orderRequestSchema } from '../../src/api/order-schema';
import { fingerprintOf } from '../../src/orders/idempotency';
import { configuredProviders } from '../../src/commands/runtime';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { temporal } from '@temporalio/proto';
import { useStack, TEST_API_KEY, TEST_CODEC_KEY } from '../support/stack';
import { daysAhead, freshLoanId, LosClient } from '../kit';
import { loanWorkflowId } from '../../workflows/public';

const stack = useStack();

const APPLICANT = { first_name: 'Zelda', last_name: 'Quixotic', date_of_birth: '1987-06-05' };
const SECRETS = ['000-00-0001', '000000001', '991-91-9991', '991919991', '1987-06-05', 'Zelda', 'Quixotic'];

describe('personal data', () => {
  it('never reaches Temporal history or the logs in plain text, for orders of both providers', async () => {
    // Both of one loan, whose workflow must hold none of it either.
    const loanId = freshLoanId();
    // With reuse on, so that its reuse ledger (keyed by the SSN) holds none of it either.
    const truework = await stack.placeOrder(
      { loan_id: loanId, options: { poll_interval: '1m', reuse: true } },
      { ...APPLICANT, ssn: '000-00-0001' },
    );
    const truvResponse = await stack.api('POST', '/v1/orders', {
      ...stack.truvOrderBody('Zelda', { loan_id: loanId }),
      applicant: { ...APPLICANT, ssn: '991-91-9991', email: 'zq@example.com' },
    });
    expect(truvResponse.status).toBe(201);
    const ids = [truework.id, truvResponse.body.id as string];
    for (const id of ids) expect((await stack.waitForWorkflow(id)).status).toBe('completed');
    const put = await stack.api('PUT', `/v1/loans/${loanId}`, { closing_date: daysAhead(60) });
    expect(put.status).toBe(200);
    expect(put.body.orders.map((order: { applicant: { first_name: string } }) => order.applicant.first_name)).toEqual([
      'Zelda',
      'Zelda',
    ]);
    // The order and its report did carry the personal data (decrypted for the API's client)...
    const report = await stack.api('GET', `/v1/orders/${truework.id}/report`);
    expect(report.status).toBe(200);

    // ...but the server holds only ciphertext, in every history it has.
    const all: string[] = [];
    for await (const execution of stack.client.workflow.list()) all.push(execution.workflowId);
    const ledgers = all.filter((id) => id.startsWith('reuse/'));
    expect(ledgers).toEqual([expect.stringMatching(/^reuse\/default\/truework\/[0-9a-f]{32}$/)]);
    expect(all.sort()).toEqual([...ids, loanWorkflowId(loanId), ...ledgers].sort());
    for (const id of all) {
      const history = await stack.client.workflow.getHandle(id).fetchHistory();
      const raw = Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('latin1');
      const json = JSON.stringify(history);
      for (const secret of SECRETS) {
        expect(raw).not.toContain(secret);
        expect(json).not.toContain(secret);
      }
      expect(json).toContain('"encryption-key-id"');
    }
    const logs = stack.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of SECRETS) expect(logs).not.toContain(secret);
  });

  it('decrypts payloads through the codec endpoint for a holder of a codec key, and only for them', async () => {
    const placed = await stack.placeOrder({}, { ...APPLICANT, ssn: '000-00-0002' });
    await stack.waitForWorkflow(placed.id);
    const history = await stack.client.workflow.getHandle(placed.id).fetchHistory();
    const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    const body = {
      payloads: [
        {
          metadata: Object.fromEntries(
            Object.entries(input.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
          ),
          data: Buffer.from(input.data!).toString('base64'),
        },
      ],
    };
    const noKey = await stack.api('POST', '/codec/decode', body, { authorization: '' });
    expect(noKey.status).toBe(401);
    const wrongKey = await stack.api('POST', '/codec/decode', body, { authorization: 'Bearer nope' });
    expect(wrongKey.status).toBe(401);
    const apiKeyIsNotEnough = await stack.api('POST', '/codec/decode', body, {
      authorization: `Bearer ${TEST_API_KEY}`,
    });
    expect(apiKeyIsNotEnough.status).toBe(401);

    for (const [path, headers] of [
      ['/codec/decode', { authorization: `Bearer ${TEST_CODEC_KEY}` }],
      [`/codec/${TEST_CODEC_KEY}/decode`, { authorization: '' }],
    ] as const) {
      const decoded = await stack.api('POST', path, body, headers);
      expect(decoded.status).toBe(200);
      const payload = decoded.body.payloads[0];
      expect(Buffer.from(payload.metadata.encoding, 'base64').toString()).toBe('json/plain');
      const value = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8'));
      // Decrypted, yet the borrower's identifiers stay sealed: only the workers hold the field key.
      expect(value.request.applicant).toMatchObject({
        first_name: 'Zelda',
        ssn: expect.stringMatching(/^voie-sealed:/),
        ssn_last4: '0002',
        date_of_birth: expect.stringMatching(/^voie-sealed:/),
      });
    }

    const preflight = await fetch(`${stack.apiUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:8233', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-namespace');
    const foreign = await fetch(`${stack.apiUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();

    const roundTrip = await stack.api(
      'POST',
      '/codec/encode',
      {
        payloads: [
          {
            metadata: { encoding: Buffer.from('json/plain').toString('base64') },
            data: Buffer.from('"x"').toString('base64'),
          },
        ],
      },
      { authorization: `Bearer ${TEST_CODEC_KEY}` },
    );
    expect(Buffer.from(roundTrip.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    // Proto3 JSON leaves out an empty list: the Temporal CLI sends `{}` for a query without arguments.
    const nothing = await stack.api('POST', '/codec/decode', {}, { authorization: `Bearer ${TEST_CODEC_KEY}` });
    expect(nothing.status).toBe(200);
    expect(nothing.body).toEqual({ payloads: [] });
  });
});

describe('borrower identifiers', () => {
  it('stay sealed in every payload an operator reads through the codec endpoint, while the provider gets them', async () => {
    const dateOfBirth = '1979-11-22';
    const body = stack.orderBody({}, { ...APPLICANT, ssn: '000-00-0003', date_of_birth: dateOfBirth });
    const placed = await stack.los.placeOrder(body);
    expect((await stack.waitForWorkflow(placed.id)).status).toBe('completed');
    // Truework got them in plain: it took the sandbox SSN (a sealed one is refused) and keeps the date of birth.
    const atTruework = stack.simulator.listOrders().map((order) => JSON.stringify(order));
    expect(atTruework.filter((order) => order.includes(`"date_of_birth":"${dateOfBirth}"`))).toEqual([
      expect.stringContaining('***-**-0003'),
    ]);

    // Every payload of the order's history, as the Temporal UI sends them to the codec endpoint.
    const history = await stack.client.workflow.getHandle(placed.id).fetchHistory();
    const payloads: { metadata: Record<string, string>; data: string }[] = [];
    const collect = (node: unknown): void => {
      if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return;
      const { metadata, data } = node as { metadata?: unknown; data?: unknown };
      if (metadata && typeof metadata === 'object' && !(metadata instanceof Uint8Array) && data instanceof Uint8Array) {
        payloads.push({
          metadata: Object.fromEntries(
            Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v as Uint8Array).toString('base64')]),
          ),
          data: Buffer.from(data).toString('base64'),
        });
        return;
      }
      for (const child of Object.values(node)) collect(child);
    };
    collect(history);
    expect(payloads.length).toBeGreaterThan(5);
    const decoded = await stack.api(
      'POST',
      '/codec/decode',
      { payloads },
      { authorization: `Bearer ${TEST_CODEC_KEY}` },
    );
    expect(decoded.status).toBe(200);
    const text = (decoded.body.payloads as { data: string }[])
      .map((payload) => Buffer.from(payload.data, 'base64').toString('utf8'))
      .join('\n');
    // Decrypted (the name is there), with the identifiers sealed: in no form, not even the SSN's digits.
    expect(text).toContain('Quixotic');
    expect(text).toContain('voie-sealed:');
    // Nor a plain hash of the body (the memo's idempotency fingerprint), which guessing SSNs would match.
    const plainHash = fingerprintOf(fingerprintedBody(orderRequestSchema.parse(body)));
    for (const secret of ['000-00-0003', '000000003', dateOfBirth, '19791122', '11/22/1979', plainHash]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('the hardened API', () => {
  async function serve(env: Record<string, string>): Promise<{ url: string; close: () => Promise<void> }> {
    const config = loadConfig({
      VOIE_API_KEYS: TEST_API_KEY,
      TRUEWORK_BASE_URL: stack.simulator.baseUrl,
      TRUEWORK_API_KEY: 'tw_test_key',
      TRUEWORK_WEBHOOK_TOKEN: 'unused',
      ...env,
    });
    const app = createApp({
      config,
      client: stack.client,
      providers: configuredProviders(config),
      logger: createLogger('silent'),
    });
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise((done) => server.close(() => done())),
    };
  }

  it('limits requests per verified API key, and guessed keys per address, with 429 and Retry-After', async () => {
    const api = await serve({ VOIE_RATE_LIMIT: '3' });
    const get = (key: string) =>
      new LosClient({ baseUrl: api.url, apiKey: key }).api('GET', '/v1/orders/vo_000000000000000000000000');
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await get(TEST_API_KEY)).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    const limited = await get(TEST_API_KEY);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    // A guessed key has no budget of its own: every guess from this address shares one, apart from the key's.
    const guesses = [];
    for (let i = 0; i < 4; i += 1) guesses.push((await get(`guessed-key-${i}`)).status);
    expect(guesses).toEqual([401, 401, 401, 429]);
    await api.close();
  });

  it('sends security headers', async () => {
    const response = await stack.api('GET', '/healthz');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('refuses callback URLs that point inside the network', async () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      'http://10.1.2.3/hook',
      'http://[::ffff:192.168.1.1]/x',
      'http://0.0.0.0:80/',
    ]) {
      const response = await stack.api('POST', '/v1/orders', stack.orderBody({ callback_url: url }));
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('callback_url');
    }
    // The development default lets loopback through (a local LOS stand-in), as the other tests rely on.
    const production = await serve({ NODE_ENV: 'production' });
    const los = new LosClient({ baseUrl: production.url, apiKey: TEST_API_KEY });
    for (const url of ['http://127.0.0.1:9/hook', 'https://127.0.0.1:9/hook', 'https://localhost/hook']) {
      const response = await los.api<{ errors: { field: string; message: string }[] }>(
        'POST',
        '/v1/orders',
        stack.orderBody({ callback_url: url }),
      );
      expect(response.status).toBe(400);
      const problem = response.body;
      expect(problem.errors[0]!.field).toBe('callback_url');
    }
    await production.close();
  });
});
