import { orderBody, useTrueworkSimulator, type OrderJson } from '../support/truework-simulator-setup';

/** The Truework simulator's injected API faults: failed requests, outages, lost responses, slow responses. */
describe('TrueworkSimulator', () => {
  const tw = useTrueworkSimulator();
  const { call, create } = tw;

  it('fails the next requests with 500, then 429 with Retry-After, without doing anything', async () => {
    tw.sim.setFaults({ failNextRequests: { count: 2, status: 500 } });
    expect((await call('POST', '/orders/target-employer', orderBody('000-00-0000'))).status).toBe(500);
    expect((await call('GET', '/orders')).status).toBe(500);
    expect(tw.sim.listOrders()).toEqual([]);

    tw.sim.setFaults({ failNextRequests: { count: 1, status: 429, retryAfterSeconds: 7 } });
    const limited = await call('POST', '/orders/target-employer', orderBody('000-00-0000'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(tw.sim.listOrders()).toEqual([]);

    await create('000-00-0000');
    expect(tw.sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /orders/target-employer 500',
      'GET /orders 500',
      'POST /orders/target-employer 429',
      'POST /orders/target-employer 201',
    ]);
    expect(tw.sim.requests.every((r) => r.at > 0)).toBe(true);
  });

  it('answers every request with the outage status while it lasts, then serves again', async () => {
    tw.sim.setFaults({ failAllRequests: { status: 503 } });
    expect((await call('POST', '/orders/target-employer', orderBody('000-00-0000'))).status).toBe(503);
    expect((await call('GET', '/orders')).status).toBe(503);
    tw.sim.setFaults({ failAllRequests: { status: 429, retryAfterSeconds: 3 } });
    const limited = await call('GET', '/orders');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(tw.sim.listOrders()).toEqual([]);

    tw.sim.setFaults({ failAllRequests: null });
    await create('000-00-0000');
    expect(tw.sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /orders/target-employer 503',
      'GET /orders 503',
      'GET /orders 429',
      'POST /orders/target-employer 201',
    ]);
  });

  it('loses the next create response: the fetch fails but the order exists', async () => {
    tw.sim.setFaults({ loseNextCreateResponse: true });
    await expect(call('POST', '/orders/target-employer', orderBody('000-00-0000'))).rejects.toThrow();
    const found = (await (await call('GET', '/orders?search_key=applicant-7c1f')).json()) as { results: OrderJson[] };
    expect(found.results).toHaveLength(1);
    expect(tw.sim.requests[0]).toMatchObject({ method: 'POST', status: 0 });
    // The fault fires once.
    await create('000-00-0000');
  });

  it('delays responses when asked', async () => {
    tw.sim.setFaults({ responseDelayMs: 200 });
    const started = Date.now();
    expect((await call('GET', '/orders')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    tw.sim.resetFaults();
  });
});
