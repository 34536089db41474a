import { orderBody, useTruvSimulator, type ErrorJson } from '../support/truv-simulator-setup';

/** The Truv simulator's injected API faults: failed requests, lost responses, slow responses. */
describe('TruvSimulator', () => {
  const truv = useTruvSimulator();
  const { call, create } = truv;

  it('fails the next requests with 500, then 429 with Retry-After, without doing anything', async () => {
    truv.sim.setFaults({ failNextRequests: { count: 2, status: 500 } });
    expect((await call('POST', '/v1/orders/', orderBody('Idle'))).status).toBe(500);
    expect((await call('GET', '/v1/orders/')).status).toBe(500);
    expect(truv.sim.listOrders()).toEqual([]);

    truv.sim.setFaults({ failNextRequests: { count: 1, status: 429, retryAfterSeconds: 7 } });
    const limited = await call('POST', '/v1/orders/', orderBody('Idle'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(((await limited.json()) as ErrorJson).error.code).toBe('throttled');
    expect(truv.sim.listOrders()).toEqual([]);

    await create('Idle');
    expect(truv.sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /v1/orders/ 500',
      'GET /v1/orders/ 500',
      'POST /v1/orders/ 429',
      'POST /v1/orders/ 201',
    ]);
  });

  it('loses the next create response: the fetch fails but the order exists', async () => {
    truv.sim.setFaults({ loseNextCreateResponse: true });
    await expect(call('POST', '/v1/orders/', orderBody('Idle'))).rejects.toThrow();
    expect(truv.sim.listOrders()).toHaveLength(1);
    expect(truv.sim.requests[0]).toMatchObject({ method: 'POST', status: 0 });
    await create('Idle');
  });

  it('delays responses when asked', async () => {
    truv.sim.setFaults({ responseDelayMs: 200 });
    const started = Date.now();
    expect((await call('GET', '/v1/orders/')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    truv.sim.resetFaults();
  });
});
