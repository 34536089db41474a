import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { problemSchema } from '../../src/api/response-schemas';
import { trueworkWebhookHeaders } from '../support/signatures';
import {
  OFFLINE_API_KEY,
  OFFLINE_CODEC_KEY,
  OFFLINE_TRUEWORK_TOKEN,
  type OfflineApi,
  startOfflineApi,
} from '../support/offline-api';

/**
 * The rate limits over real HTTP, against voie's Express app (Temporal unreachable; signals recorded): `/v1` counts
 * verified keys, one budget per address for everything else; the codec and the webhook ingress have their own.
 * `POST /v1/orders` with `{}` is answered `400` by the API alone, so every request here stays off Temporal.
 */
let api: OfflineApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** A `/v1` request that voie answers without Temporal: `400` with a valid key, `401` without, `429` over the limit. */
function placeNothing(url: string, key: string, localAddress?: string): Promise<{ status: number; headers: Headers }> {
  if (localAddress) return rawPost(`${url}/v1/orders`, '{}', { authorization: `Bearer ${key}` }, localAddress);
  return fetch(`${url}/v1/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: '{}',
  });
}

/** A POST from another loopback address (`127.0.0.2`…): another client, as the server sees it. */
function rawPost(
  url: string,
  body: string,
  headers: Record<string, string>,
  localAddress: string,
): Promise<{ status: number; headers: Headers }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', localAddress, headers: { ...headers, 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        const answered = new Headers();
        for (const [name, value] of Object.entries(res.headers))
          if (typeof value === 'string') answered.set(name, value);
        res.on('end', () => resolve({ status: res.statusCode!, headers: answered }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `count` calls, `parallel` at a time; their results in order. */
async function pooled<T>(count: number, parallel: number, call: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await call(index);
      }
    }),
  );
  return results;
}

function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

async function expectTooMany(response: Response | { status: number; headers: Headers }): Promise<void> {
  expect(response.status).toBe(429);
  expect(response.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
  expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  if (response instanceof Response) {
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(problemSchema.parse(await response.json()).status).toBe(429);
  }
}

describe('the /v1 rate limit', () => {
  it('meets 2,000 guessed keys with 429 past one per-address budget, while a verified key keeps its own', async () => {
    api = await startOfflineApi(); // VOIE_RATE_LIMIT: its default, 600 a minute
    const { url } = api;
    const guesses: number[] = [];
    const verified: number[] = [];
    await pooled(2_000, 20, async (index) => {
      guesses.push((await placeNothing(url, randomBytes(24).toString('base64url'))).status);
      // The LOS goes on working meanwhile, from the same address.
      if (index % 100 === 0) verified.push((await placeNothing(url, OFFLINE_API_KEY)).status);
    });
    // Before, each guessed key had a budget of its own: 2,000 times 401, never 429.
    expect(tally(guesses)).toEqual({ 401: 600, 429: 1_400 });
    expect(verified).toEqual(Array.from({ length: 20 }, () => 400));
    const guessed = await fetch(`${url}/v1/orders/vo_000000000000000000000000`, {
      headers: { authorization: 'Bearer yet-another-guess' },
    });
    await expectTooMany(guessed);
    expect(guessed.headers.get('ratelimit-policy')).toContain('600');
    // No key at all is the same budget.
    await expectTooMany(await fetch(`${url}/v1/loans/l1`));
    // The verified key still has its budget, and another address has its own.
    expect((await placeNothing(url, OFFLINE_API_KEY)).status).toBe(400);
    expect((await placeNothing(url, 'a-guess', '127.0.0.2')).status).toBe(401);
  }, 60_000);

  it("counts each verified key's requests against that key only", async () => {
    api = await startOfflineApi({ VOIE_RATE_LIMIT: '5', VOIE_API_KEYS: `${OFFLINE_API_KEY},second-key` });
    const { url } = api;
    const first: number[] = [];
    for (let i = 0; i < 6; i++) first.push((await placeNothing(url, OFFLINE_API_KEY)).status);
    expect(first).toEqual([400, 400, 400, 400, 400, 429]);
    await expectTooMany(await placeNothing(url, OFFLINE_API_KEY));
    // The other key, and the address's budget for requests without a valid key, are untouched.
    expect((await placeNothing(url, 'second-key')).status).toBe(400);
    expect((await placeNothing(url, 'a-guess')).status).toBe(401);
    // The first key from another address is still the first key: spent.
    expect((await placeNothing(url, OFFLINE_API_KEY, '127.0.0.3')).status).toBe(429);
  });
});

/**
 * Opens a codec request announcing `size` bytes and sends only its first 64 KiB: resolves with the response if voie
 * answers before the body is all sent, or `undefined` after `waitMs` without an answer. The rest is never sent.
 */
function partialUpload(
  url: string,
  headers: Record<string, string>,
  size: number,
  waitMs: number,
): Promise<{ response?: IncomingMessage; sent: number; destroy: () => void }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, ' ');
    const req = httpRequest(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(size) },
    });
    const destroy = (): void => void req.destroy();
    const timer = setTimeout(() => resolve({ sent: chunk.length, destroy }), waitMs);
    req.on('response', (response) => {
      clearTimeout(timer);
      resolve({ response, sent: chunk.length, destroy });
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.write(chunk);
  });
}

describe('the codec endpoint', () => {
  const FOUR_MB = 4_000_000;

  it('refuses a wrong key before reading a 4 MB body, and closes the connection', async () => {
    api = await startOfflineApi();
    for (const [path, headers] of [
      ['/codec/decode', { authorization: 'Bearer wrong-codec-key' }],
      ['/codec/decode', {}],
      ['/codec/wrong-codec-key/decode', {}],
    ] as const) {
      const upload = await partialUpload(`${api.url}${path}`, headers, FOUR_MB, 5_000);
      // Answered with 64 KiB of 4 MB sent: the body was never waited for.
      expect(upload.response?.statusCode).toBe(401);
      expect(upload.response?.headers.connection).toBe('close');
      expect(upload.sent).toBeLessThan(FOUR_MB);
      upload.destroy();
    }
    // With the key, voie does wait for the body (and would read it): no answer while it is incomplete.
    const keyed = await partialUpload(
      `${api.url}/codec/decode`,
      { authorization: `Bearer ${OFFLINE_CODEC_KEY}` },
      FOUR_MB,
      500,
    );
    expect(keyed.response).toBeUndefined();
    keyed.destroy();
  });

  it('still reads a whole body for a valid key', async () => {
    api = await startOfflineApi();
    const body = JSON.stringify({ payloads: [], pad: 'x'.repeat(FOUR_MB - 40) });
    const answer = await fetch(`${api.url}/codec/${OFFLINE_CODEC_KEY}/decode`, { method: 'POST', body });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ payloads: [] });
  });

  it('limits requests per address, whatever their key, with 429 and Retry-After', async () => {
    api = await startOfflineApi({ VOIE_CODEC_RATE_LIMIT: '5' });
    const decode = (key: string): Promise<Response> =>
      fetch(`${api!.url}/codec/decode`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: '{"payloads": []}',
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await decode(i % 2 ? OFFLINE_CODEC_KEY : `guess-${i}`)).status);
    expect(statuses).toEqual([401, 200, 401, 200, 401]);
    await expectTooMany(await decode(OFFLINE_CODEC_KEY));
    await expectTooMany(await decode('guess-6'));
    // The /v1 budget is another one.
    expect((await placeNothing(api.url, OFFLINE_API_KEY)).status).toBe(400);
  });
});

describe('the webhook ingress', () => {
  /** A Truework state change for a voie order, distinct per `n`. */
  const stateChange = (n: number): string =>
    JSON.stringify({
      hook: { event: 'verification_request.state.change', triggered_at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)) },
      data: { order_id: `TW-${n}`, state: 'completed', metadata: { voie_order_id: 'vo_0123456789abcdef01234567' } },
    });

  it('meets a flood from one address with 429 and Retry-After, forwarding only what it accepted', async () => {
    api = await startOfflineApi({ VOIE_WEBHOOK_RATE_LIMIT: '20' });
    const { url } = api;
    const post = (n: number): Promise<Response> =>
      fetch(`${url}/webhooks/truework`, {
        method: 'POST',
        headers: { ...trueworkWebhookHeaders(OFFLINE_TRUEWORK_TOKEN), 'content-type': 'application/json' },
        body: stateChange(n),
      });
    const answers = await pooled(30, 5, post);
    expect(tally(answers.map((answer) => answer.status))).toEqual({ 200: 20, 429: 10 });
    await expectTooMany(answers.find((answer) => answer.status === 429)!);
    expect(api.signals).toHaveLength(20);
    // Webhooks from another address, and the LOS's /v1 budget, are not spent by the flood.
    const other = await rawPost(
      `${url}/webhooks/truework`,
      stateChange(99),
      trueworkWebhookHeaders(OFFLINE_TRUEWORK_TOKEN),
      '127.0.0.4',
    );
    expect(other.status).toBe(200);
    expect((await placeNothing(url, OFFLINE_API_KEY)).status).toBe(400);
  });
});
