import { ProviderRateLimitedError, ProviderRejectedError, ProviderUnavailableError } from '../../src/providers/errors';
import { TruvClient } from '../../src/providers/truv/client';
import { TruvSimulator } from '../../dev/simulators/truv/simulator';
import { CLIENT_ID, ORDER_ID, SECRET, ref, request } from '../support/truv-order';

describe('TruvClient against the simulator', () => {
  let sim: TruvSimulator;
  let client: TruvClient;

  beforeEach(async () => {
    sim = await TruvSimulator.start({ clientId: CLIENT_ID, secret: SECRET, stepDelayMs: 30 });
    client = new TruvClient({ baseUrl: sim.baseUrl, clientId: CLIENT_ID, secret: SECRET, timeoutMs: 2_000 });
  });

  afterEach(async () => {
    await sim.close();
  });

  interface StoredOrder {
    id: string;
    products: string[];
    order_number: string;
    external_user_id: string;
    phone: string;
    employers: { suborder_number: string; company_name: string; company_address: Record<string, string> }[];
  }

  it('creates an order carrying voie’s id without a lookup, and a retry finds it instead of making another', async () => {
    const { providerOrderId } = await client.createOrder(request('Idle'), ref());
    expect(providerOrderId).toMatch(/^[0-9a-f]{32}$/);
    const [stored] = sim.listOrders() as StoredOrder[];
    expect(stored).toMatchObject({
      id: providerOrderId,
      products: ['income'],
      order_number: ORDER_ID,
      external_user_id: ORDER_ID,
      phone: '4155550100',
    });
    expect(stored?.employers[0]).toMatchObject({
      suborder_number: `${ORDER_ID}-0`,
      company_name: 'Acme Inc',
      company_address: { street: '1234 Rainbow Road, Suite 5', city: 'San Francisco', state: 'CA', zip: '98265' },
    });
    expect((await client.findOrder(ref()))?.providerOrderId).toBe(providerOrderId);
    expect(sim.listOrders()).toHaveLength(1);
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/orders/', 'GET /v1/orders/']);
  });

  it('makes one order when the create response is lost and the call retried', async () => {
    sim.setFaults({ loseNextCreateResponse: true });
    await expect(client.createOrder(request('Idle'), ref())).rejects.toBeInstanceOf(ProviderUnavailableError);
    const found = await client.findOrder(ref());
    expect(sim.listOrders()).toHaveLength(1);
    expect(found?.providerOrderId).toBe((sim.listOrders()[0] as StoredOrder).id);
  });

  it('asks for the employment product for a VOE', async () => {
    await client.createOrder(request('Idle', { type: 'employment' }), ref());
    expect((sim.listOrders()[0] as StoredOrder).products).toEqual(['employment']);
  });

  it('reads a Success order from pending to completed, with share URL and correlation ids', async () => {
    const { providerOrderId, snapshot: fresh } = await client.createOrder(request('Success'), ref());
    // The create's answer is the order's first snapshot (a read, 10 ms later, may already find the invite sent).
    expect(fresh).toMatchObject({ providerOrderId, status: 'pending', rawStatus: 'pending', reportIds: [] });
    expect(fresh?.shareUrl).toMatch(
      /^https:\/\/cdn\.truv\.com\/employment\.html\?bridge_token=[0-9a-f]{32}&order_group_id=/,
    );
    await sim.idle();
    const done = await client.readOrder(providerOrderId);
    const stored = sim.listOrders()[0] as {
      user_id: string;
      voie_report_id: string;
      employers: { id: string; link_id: string }[];
    };
    expect(done).toEqual({
      providerOrderId,
      status: 'completed',
      rawStatus: 'completed',
      shareUrl: fresh?.shareUrl,
      reportIds: [stored.voie_report_id],
      correlationIds: [stored.user_id, stored.employers[0]?.link_id, stored.employers[0]?.id],
      employers: [{ status: 'completed', outcome: 'verified', rawStatus: 'completed' }],
      outcome: 'verified',
      // The read names the report and where it lives, without fetching it: the report fetch is its own call.
      reportLocator: { userId: stored.user_id, employmentOnly: false },
    });
  });

  it('makes one call per read and one per report fetch of a completed order', async () => {
    const { providerOrderId } = await client.createOrder(request('Success'), ref());
    await sim.idle();
    const callsOf = async <T>(call: () => Promise<T>): Promise<{ result: T; calls: string[] }> => {
      const before = sim.requests.length;
      const result = await call();
      return { result, calls: sim.requests.slice(before).map((r) => `${r.method} ${r.path}`) };
    };
    const read = await callsOf(() => client.readOrder(providerOrderId));
    expect(read.calls).toEqual([`GET /v1/orders/${providerOrderId}/`]);
    const { user_id: userId } = sim.listOrders()[0] as { user_id: string };
    const fetched = await callsOf(() => client.readReport(read.result));
    expect(fetched.calls).toEqual([`GET /v1/users/${userId}/reports/${read.result.reportIds[0]}/`]);
    expect(fetched.result.normalized).toMatchObject({ provider: 'truv', report_ids: read.result.reportIds });
    // A snapshot recorded before it named where its report lives (an open order's history) reads the order first.
    const { reportLocator: _, ...recorded } = read.result;
    const legacy = await callsOf(() => client.readReport(recorded));
    expect(legacy.calls).toEqual([`GET /v1/orders/${providerOrderId}/`, ...fetched.calls]);
    expect(legacy.result).toEqual(fetched.result);
  });

  it('fetches a VOE report as employment-only, from the locator alone', async () => {
    const { providerOrderId } = await client.createOrder(request('Success', { type: 'employment' }), ref());
    await sim.idle();
    const snapshot = await client.readOrder(providerOrderId);
    expect(snapshot.reportLocator).toMatchObject({ employmentOnly: true });
    const { normalized } = await client.readReport(snapshot);
    expect(normalized.employments[0]).toMatchObject({ pay: null, income: [] });
  });

  it('maps each scenario’s end to voie’s status', async () => {
    const ids: Record<string, string> = {};
    for (const [index, name] of ['Mfa', 'LoginError', 'NoData', 'Idle'].entries()) {
      ids[name] = (await client.createOrder(request(name), ref(`vo_${String(index).repeat(24)}`))).providerOrderId;
    }
    await sim.idle();
    expect(await client.readOrder(ids['Mfa'] ?? '')).toMatchObject({ status: 'completed', outcome: 'verified' });
    expect(await client.readOrder(ids['LoginError'] ?? '')).toMatchObject({ status: 'completed', outcome: 'verified' });
    expect(await client.readOrder(ids['NoData'] ?? '')).toMatchObject({
      status: 'failed',
      rawStatus: 'no_data',
      reason: 'no_data: the payroll provider returned no data',
      reportIds: [],
      outcome: 'no_data',
    });
    const idle = await client.readOrder(ids['Idle'] ?? '');
    expect(idle).toMatchObject({ status: 'processing', rawStatus: 'sent' });
    expect(idle.outcome).toBeUndefined();
  });

  it('cancels an open order; canceling it again is not an error', async () => {
    const { providerOrderId } = await client.createOrder(request('Idle'), ref());
    await sim.idle();
    await client.cancelOrder(providerOrderId, 'los-request');
    expect(await client.readOrder(providerOrderId)).toMatchObject({
      status: 'canceled',
      rawStatus: 'canceled',
      outcome: 'canceled',
    });
    await client.cancelOrder(providerOrderId, 'deadline');
    expect(sim.requests.filter((r) => r.path.endsWith('/cancel/')).map((r) => r.status)).toEqual([200, 400]);
    await expect(client.cancelOrder('0'.repeat(32), 'los-request')).rejects.toBeInstanceOf(ProviderRejectedError);
  });

  it('reads an expired order as expired', async () => {
    const expiring = await TruvSimulator.start({ secret: SECRET, stepDelayMs: 10, expireAfterMs: 100 });
    try {
      const other = new TruvClient({ baseUrl: expiring.baseUrl, clientId: 'any', secret: SECRET });
      const { providerOrderId } = await other.createOrder(request('Idle'), ref());
      await expiring.idle();
      expect(await other.readOrder(providerOrderId)).toMatchObject({ status: 'expired', rawStatus: 'expired' });
    } finally {
      await expiring.close();
    }
  });

  it('fetches the current report and normalizes it, with the SSN masked', async () => {
    const { providerOrderId } = await client.createOrder(request('Success'), ref());
    await sim.idle();
    const snapshot = await client.readOrder(providerOrderId);
    const { normalized, provider_report: providerReport } = await client.readReport(snapshot);
    expect(normalized).toMatchObject({
      provider: 'truv',
      report_ids: snapshot.reportIds,
      employee: { first_name: 'Success', last_name: 'Doe' },
    });
    expect(normalized.as_of).toEqual(expect.any(String));
    expect(normalized.employments).toHaveLength(1);
    const [employment] = normalized.employments;
    expect(employment).toMatchObject({
      employer: {
        name: 'Acme Inc',
        address: { line1: '1234 Rainbow Road, Suite 5', city: 'San Francisco', state: 'CA', postal_code: '98265' },
        ein: '12-3456789',
      },
      status: 'active',
      start_date: '2021-03-01',
      end_date: null,
      position: { title: 'Sales Associate', employment_type: 'full-time' },
      pay: { rate: 52000, unit: 'annual', frequency: 'biweekly', hours_per_week: null },
    });
    const lastYear = employment?.income.find((year) => year.year === new Date().getUTCFullYear() - 1);
    expect(lastYear).toMatchObject({ commission: 0, bonus: 1500, other: 0 });
    for (const amount of [lastYear?.year, lastYear?.base, lastYear?.overtime, lastYear?.total]) {
      expect(typeof amount).toBe('number');
    }
    expect((lastYear?.base ?? 0) + (lastYear?.overtime ?? 0) + 1500).toBeCloseTo(lastYear?.total ?? NaN, 2);
    const text = JSON.stringify(providerReport);
    expect(text).toContain('***-**-9991');
    expect(text).not.toContain('991-91-9991');
    expect((providerReport as { report_id: string }).report_id).toBe(snapshot.reportIds[0]);
  });

  it('maps 429 to ProviderRateLimitedError with Retry-After, 5xx to ProviderUnavailableError', async () => {
    sim.setFaults({ failNextRequests: { count: 1, status: 429, retryAfterSeconds: 7 } });
    const limited = await client.readOrder('0'.repeat(32)).catch((err: unknown) => err);
    expect(limited).toBeInstanceOf(ProviderRateLimitedError);
    expect((limited as ProviderRateLimitedError).retryAfterMs).toBe(7_000);
    sim.setFaults({ failNextRequests: { count: 1, status: 503 } });
    await expect(client.createOrder(request('Idle'), ref())).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(sim.listOrders()).toEqual([]);
  });

  it('maps a 400 to ProviderRejectedError naming the field but never the SSN', async () => {
    const err = await client
      .createOrder(request('', { applicant: { first_name: '', last_name: 'Doe', ssn: '991-91-9991' } }), ref())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderRejectedError);
    expect((err as ProviderRejectedError).status).toBe(400);
    const message = (err as Error).message;
    expect(message).toContain('first_name');
    expect(message).not.toContain('991');
  });

  it('treats refused credentials as a retryable configuration fault, not a final rejection', async () => {
    const wrong = new TruvClient({ baseUrl: sim.baseUrl, clientId: CLIENT_ID, secret: 'sandbox-wrong' });
    const err = await wrong.readOrder('0'.repeat(32)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect((err as Error).message).toMatch(/401.*check the provider credentials/);
  });

  it('tolerates a base URL that already ends in /v1/', async () => {
    const prefixed = new TruvClient({ baseUrl: `${sim.baseUrl}/v1/`, clientId: CLIENT_ID, secret: SECRET });
    const { providerOrderId } = await prefixed.createOrder(request('Idle'), ref());
    expect((await prefixed.readOrder(providerOrderId)).providerOrderId).toBe(providerOrderId);
  });
});
