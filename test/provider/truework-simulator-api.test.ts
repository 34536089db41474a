import { TrueworkSimulator } from '../../dev/simulators/truework/simulator';
import {
  API_KEY,
  orderBody,
  TOKEN,
  useTrueworkSimulator,
  type ErrorJson,
  type OrderJson,
} from '../support/truework-simulator-setup';

/** The Truework simulator's request handling: validation, search, the API version and the bearer key. */
describe('TrueworkSimulator', () => {
  const tw = useTrueworkSimulator();
  const { call, create } = tw;

  it('rejects a non-sandbox SSN with 400 without echoing it', async () => {
    const res = await call('POST', '/orders/target-employer', orderBody('123-45-6789'));
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toContain('6789');
    expect(text).not.toContain('123456789');
    const body = JSON.parse(text) as ErrorJson;
    expect(body.error.message).toMatch(/not a sandbox test SSN/);
    expect(body.error.invalid_fields).toHaveProperty(['target', 'social_security_number']);
    expect((await call('POST', '/orders/target-employer', orderBody('000-00-0010'))).status).toBe(400);
    expect((await call('POST', '/orders/target-employer', orderBody('00-000-0000'))).status).toBe(400);
    expect(tw.sim.listOrders()).toEqual([]);
  });

  it('names every missing required field', async () => {
    const res = await call('POST', '/orders/target-employer', { target: { first_name: 'Jane', company: {} } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.message).toBe('Invalid field values provided');
    expect(body.error.invalid_fields).toEqual({
      type: ['This field is required.'],
      permissible_purpose: ['This field is required.'],
      use_case: ['This field is required.'],
      target: {
        last_name: ['This field is required.'],
        social_security_number: ['This field is required.'],
        company: { name: ['This field is required.'] },
      },
    });
  });

  it('rejects non-string metadata values and malformed JSON with 400', async () => {
    const res = await call('POST', '/orders/target-employer', orderBody('000-00-0000', { metadata: { attempt: 2 } }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.invalid_fields).toHaveProperty(['metadata', 'attempt']);

    const malformed = await call('POST', '/orders/target-employer', '{"type": ');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorJson).error.message).toMatch(/JSON/);
    expect((await call('PUT', '/orders/x/cancel', '[1,')).status).toBe(400);
    expect((await call('POST', '/orders/target-employer', [])).status).toBe(400);
    expect((await call('GET', '/orders/unknown')).status).toBe(404);
    expect((await call('GET', '/nowhere')).status).toBe(404);
  });

  it('finds orders by search_key with limit and offset', async () => {
    const first = await create('000-00-0000', { search_key: 'key-a' });
    const second = await create('000-00-0001', { search_key: 'key-a' });
    await create('000-00-0002', { search_key: 'key-b' });

    const res = await call('GET', '/orders?search_key=key-a');
    expect(res.status).toBe(200);
    const page = (await res.json()) as {
      count: number;
      next: string | null;
      previous: string | null;
      results: OrderJson[];
    };
    expect(page.count).toBe(2);
    expect(page.next).toBeNull();
    expect(page.results.map((o) => o.id).sort()).toEqual([first.id, second.id].sort());

    const limited = (await (await call('GET', '/orders?search_key=key-a&limit=1')).json()) as typeof page;
    expect(limited.results).toHaveLength(1);
    expect(limited.next).toContain('offset=1');
    const none = (await (await call('GET', '/orders?search_key=key-z')).json()) as typeof page;
    expect(none).toEqual({ count: 0, next: null, previous: null, results: [] });
    expect((await call('GET', '/orders?limit=abc')).status).toBe(400);
  });

  it('answers 406 to an older API version and accepts the current one', async () => {
    const old = await call('GET', '/orders', undefined, { accept: 'application/json; version=2022-08-01' });
    expect(old.status).toBe(406);
    expect(((await old.json()) as ErrorJson).error.message).toMatch(/2022-08-01/);
    expect((await call('GET', '/orders', undefined, { accept: 'application/json; version=bogus' })).status).toBe(406);
    expect((await call('GET', '/orders', undefined, { accept: 'application/json' })).status).toBe(200);
    expect((await call('GET', '/orders')).status).toBe(200);
  });

  it('requires the bearer key when an apiKey is set', async () => {
    const secured = await TrueworkSimulator.start({ apiKey: API_KEY, webhookToken: TOKEN, stepDelayMs: 50 });
    try {
      const missing = await fetch(`${secured.baseUrl}/orders`);
      expect(missing.status).toBe(401);
      expect(((await missing.json()) as ErrorJson).error.message).toEqual(expect.any(String));
      const wrong = await fetch(`${secured.baseUrl}/orders`, { headers: { authorization: 'Bearer tw_sk_test_other' } });
      expect(wrong.status).toBe(401);
      const ok = await fetch(`${secured.baseUrl}/orders`, { headers: { authorization: `Bearer ${API_KEY}` } });
      expect(ok.status).toBe(200);
      expect(secured.requests.map((r) => r.status)).toEqual([401, 401, 200]);
    } finally {
      await secured.close();
    }
  });
});
