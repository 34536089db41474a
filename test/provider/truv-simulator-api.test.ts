import { HEX32, orderBody, useTruvSimulator, type ErrorJson, type OrderJson } from '../support/truv-simulator-setup';

/** The Truv simulator's request handling: validation, listing, credentials and webhook subscriptions. */
describe('TruvSimulator', () => {
  const truv = useTruvSimulator();
  const { call, create } = truv;

  it('names every missing required field with Truv’s 400 shape', async () => {
    const res = await call('POST', '/v1/orders/', { email: 'x@example.test' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe('incorrect_parameters');
    expect(body.error.message).toBe('Incorrect request parameters');
    expect(body.error.extra?.['invalid-params']).toEqual([
      { field: 'products', message: 'This field is required.' },
      { field: 'first_name', message: 'This field is required.' },
      { field: 'last_name', message: 'This field is required.' },
    ]);
    expect(truv.sim.listOrders()).toEqual([]);
  });

  it('rejects a malformed SSN without echoing it', async () => {
    const res = await call(
      'POST',
      '/v1/orders/',
      orderBody('Jane', { ssn: '12-3456-78901', social_security_number: null }),
    );
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toMatch(/\d{4}/);
    expect((JSON.parse(text) as ErrorJson).error.extra?.['invalid-params'][0]?.field).toBe('ssn');
    const mismatch = await call('POST', '/v1/orders/', orderBody('Jane', { social_security_number: '987654321' }));
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).not.toContain('987654321');
  });

  it('answers malformed JSON, unknown routes and ids without a 500', async () => {
    const malformed = await call('POST', '/v1/orders/', '{"products": ');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorJson).error.message).toMatch(/JSON/);
    expect((await call('PATCH', `/v1/webhooks/${'0'.repeat(32)}/`, '[1,')).status).toBe(400);
    expect((await call('POST', '/v1/orders/', [])).status).toBe(400);
    expect((await call('POST', '/v1/orders/', orderBody('Jane', { products: 'income' }))).status).toBe(400);
    expect((await call('POST', '/v1/orders/', orderBody('Jane', { employers: [42] }))).status).toBe(400);
    const missing = await call('GET', `/v1/orders/${'0'.repeat(32)}/`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ detail: 'Not found.' });
    expect((await call('GET', '/v1/nowhere/')).status).toBe(404);
    expect(truv.sim.requests.every((r) => r.status < 500)).toBe(true);
  });

  it('lists orders, filtered by order_number', async () => {
    const first = await create('Idle', { order_number: 'n-1' });
    await create('Idle', { order_number: 'n-2' });
    const page = (await (await call('GET', '/v1/orders/?order_number=n-1')).json()) as {
      count: number;
      results: OrderJson[];
    };
    expect(page.count).toBe(1);
    expect(page.results.map((o) => o.id)).toEqual([first.id]);
    const all = (await (await call('GET', '/v1/orders/')).json()) as { results: OrderJson[] };
    expect(all.results).toHaveLength(2);
    expect(await (await call('GET', '/v1/orders/?order_number=none')).json()).toEqual({
      count: 0,
      next: null,
      previous: null,
      results: [],
    });
  });

  it('requires the client id and secret', async () => {
    const missing = await fetch(`${truv.sim.baseUrl}/v1/orders/`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as ErrorJson).error.code).toBe('authentication_failed');
    expect((await call('GET', '/v1/orders/', undefined, { 'X-Access-Secret': 'sandbox-wrong' })).status).toBe(401);
    expect((await call('GET', '/v1/orders/', undefined, { 'X-Access-Client-Id': 'other' })).status).toBe(401);
    expect((await call('GET', '/v1/orders/')).status).toBe(200);
    expect(truv.sim.requests.map((r) => r.status)).toEqual([401, 401, 401, 200]);
  });

  it('manages webhook subscriptions', async () => {
    const input = {
      name: 'voie',
      webhook_url: 'https://voie.example.test/webhooks/truv',
      env_type: 'sandbox',
      events: ['order-status-updated', 'task-status-updated'],
    };
    const res = await call('POST', '/v1/webhooks/', input);
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; created_at: string };
    expect(created).toMatchObject(input);
    expect(created.id).toMatch(HEX32);
    expect((await call('POST', '/v1/webhooks/', input)).status).toBe(400);
    expect((await call('POST', '/v1/webhooks/', { ...input, env_type: 'prod' })).status).toBe(201);

    const invalid = await call('POST', '/v1/webhooks/', { webhook_url: 'nope', env_type: 'qa', events: ['x'] });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as ErrorJson).error.extra?.['invalid-params'].map((p) => p.field)).toEqual([
      'name',
      'webhook_url',
      'env_type',
      'events',
    ]);

    const patched = await call('PATCH', `/v1/webhooks/${created.id}/`, { events: ['order-created'] });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { events: string[] }).events).toEqual(['order-created']);
    expect((await call('PATCH', `/v1/webhooks/${created.id}/`, { events: ['order-finalized'] })).status).toBe(400);
    expect((await call('PATCH', `/v1/webhooks/${'0'.repeat(32)}/`, {})).status).toBe(404);

    const list = (await (await call('GET', '/v1/webhooks/')).json()) as { count: number; results: { id: string }[] };
    expect(list.count).toBe(2);
    expect((await call('GET', `/v1/webhooks/${created.id}/`)).status).toBe(200);
    expect((await call('DELETE', `/v1/webhooks/${created.id}/`)).status).toBe(204);
    expect((await call('GET', `/v1/webhooks/${created.id}/`)).status).toBe(404);
  });
});
