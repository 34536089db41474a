import { randomBytes } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createProviderActivities } from '../../activities';
import type { OrderRequest } from '../../src/domain';
import type { PlacedOrder } from '../../src/providers/provider';
import { FieldSealer } from '../../src/temporal/field-sealer';
import { INSTANT_SEARCH_TIMEOUT_MS, TrueworkInstantClient } from '../../src/providers/truework-instant/client';
import { TrueworkSimulator } from '../../dev/simulators/truework/simulator';
import { useStateFile } from '../support/state-file';

const ORDER_ID = 'vo_aabbccddeeff001122334455';

/** An order for the instant step: `ssn` picks the sandbox's search outcome. */
const instantRequest = (ssn: string, dateOfBirth: string | null = '1990-04-12'): OrderRequest => ({
  external_id: 'loan-9',
  provider: 'truework-instant',
  type: 'employment-income',
  permissible_purpose: 'credit-application',
  use_case: 'mortgage',
  applicant: { first_name: 'Jane', last_name: 'Doe', ssn, ...(dateOfBirth ? { date_of_birth: dateOfBirth } : {}) },
  employers: [{ name: 'Acme Inc' }],
});

/** The simulator's requests to `path` by `method`. */
const calls = (sim: TrueworkSimulator, method: string, path: string) =>
  sim.requests.filter((request) => request.method === method && request.path === path).length;

describe("the Truework simulator's employer search", () => {
  let sim: TrueworkSimulator;
  const search = (body: unknown, apiKey = 'key') =>
    fetch(`${sim.baseUrl}/orders/employer-search`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        accept: 'application/json; version=2023-10-30',
      },
      body: JSON.stringify(body),
    });
  const body = (ssn: string, target: Record<string, unknown> = {}) => ({
    type: 'employment-income',
    permissible_purpose: 'credit-application',
    use_case: 'mortgage',
    target: {
      first_name: 'Jane',
      last_name: 'Doe',
      social_security_number: ssn,
      date_of_birth: '1990-04-12',
      ...target,
    },
    search_key: ORDER_ID,
    metadata: { voie_order_id: ORDER_ID },
  });

  beforeEach(async () => {
    sim = await TrueworkSimulator.start({ webhookToken: 'unused', apiKey: 'key', stepDelayMs: 10 });
  });
  afterEach(() => sim.close());

  it('answers 000-10-000N completed, with the 000-00-000N profile’s reports, within the request', async () => {
    const response = await search(body('000-10-0007'));
    expect(response.status).toBe(201);
    const order = (await response.json()) as {
      id: string;
      target_employer: unknown;
      employer_search: { metadata: Record<string, string>; target: { social_security_number: string } };
      verification_requests: { state: { canonical_value: string }; reports: { id: string }[] }[];
    };
    expect(order.target_employer).toBeNull();
    expect(order.employer_search.metadata).toEqual({ voie_order_id: ORDER_ID });
    expect(order.employer_search.target.social_security_number).toBe('***-**-0007');
    expect(order.verification_requests[0]!.state.canonical_value).toBe('completed');
    // 000-00-0007 is the sandbox's borrower of two reports.
    expect(order.verification_requests[0]!.reports).toHaveLength(2);
    // Kept like any order: read back, listed by search_key, its report served.
    const read = await fetch(`${sim.baseUrl}/orders/${order.id}`, { headers: { authorization: 'Bearer key' } });
    expect(((await read.json()) as { id: string }).id).toBe(order.id);
    expect(sim.listOrders()).toHaveLength(1);
  });

  it('finds nothing for 000-11-XXXX or any other SSN: the order is canceled, no-match', async () => {
    for (const ssn of ['000-11-1234', '000-00-0000', '123-45-6789']) {
      const order = (await (await search(body(ssn))).json()) as {
        verification_requests: {
          state: { canonical_value: string };
          cancellation_reason: { canonical_value: string };
        }[];
      };
      expect(order.verification_requests[0]).toMatchObject({
        state: { canonical_value: 'canceled' },
        cancellation_reason: { canonical_value: 'no-match' },
      });
    }
  });

  it('refuses a search without a date of birth, or without the API key, and places nothing', async () => {
    const noDob = await search(body('000-10-0000', { date_of_birth: null }));
    expect(noDob.status).toBe(400);
    expect(JSON.stringify(await noDob.json())).toContain('date_of_birth');
    expect((await search(body('000-10-0000'), 'wrong')).status).toBe(401);
    expect(sim.listOrders()).toHaveLength(0);
  });
});

describe("the Truework simulator's employer searches, with a state file", () => {
  let sim: TrueworkSimulator | undefined;
  const stateFile = useStateFile('truework.json', async () => sim?.close());

  it('keeps them across a restart: read back, found by search_key, their reports served', async () => {
    const file = stateFile();
    sim = await TrueworkSimulator.start({ webhookToken: 'unused', stepDelayMs: 10, stateFile: file });
    let client = new TrueworkInstantClient({ baseUrl: sim.baseUrl, apiKey: 'key', webhookTokens: [] });
    const found = await client.createOrder(instantRequest('000-10-0002'), { orderId: ORDER_ID, employers: [0] });
    await sim.close();

    sim = await TrueworkSimulator.start({ webhookToken: 'unused', stepDelayMs: 10, stateFile: file });
    client = new TrueworkInstantClient({ baseUrl: sim.baseUrl, apiKey: 'key', webhookTokens: [] });
    expect((await client.findOrder({ orderId: ORDER_ID, employers: [0] }))?.providerOrderId).toBe(
      found.providerOrderId,
    );
    const read = await client.readOrder(found.providerOrderId);
    expect(read).toMatchObject({ status: 'completed', reportIds: found.snapshot!.reportIds });
    expect((await client.readReport(read)).normalized.report_ids).toEqual(found.snapshot!.reportIds);
  });
});

describe('the Truework Instant client, against the simulator', () => {
  let sim: TrueworkSimulator;
  let client: TrueworkInstantClient;

  beforeEach(async () => {
    sim = await TrueworkSimulator.start({ webhookToken: 'unused', stepDelayMs: 10 });
    client = new TrueworkInstantClient({ baseUrl: sim.baseUrl, apiKey: 'key', webhookTokens: [] });
  });
  afterEach(() => sim.close());

  it('searches with one call, whose answer is the completed order with its report', async () => {
    const placed = await client.createOrder(instantRequest('000-10-0000'), { orderId: ORDER_ID, employers: [0] });
    expect(placed.snapshot).toMatchObject({ status: 'completed', outcome: 'verified' });
    expect(placed.snapshot?.report?.normalized.employments.length).toBeGreaterThan(0);
    expect(sim.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /orders/employer-search',
    ]);
  });

  it('reads a search that found nothing as not_found', async () => {
    const placed = await client.createOrder(instantRequest('000-11-0000'), { orderId: ORDER_ID, employers: [0] });
    expect(placed.snapshot).toMatchObject({ status: 'canceled', outcome: 'not_found' });
    expect(await client.readOrder(placed.providerOrderId)).toMatchObject({ status: 'canceled', outcome: 'not_found' });
    // A cancel of the ended search changes nothing and is no error.
    await client.cancelOrder(placed.providerOrderId, 'step-deadline');
  });

  it('sends no search without a date of birth', async () => {
    await expect(
      client.createOrder(instantRequest('000-10-0000', null), { orderId: ORDER_ID, employers: [0] }),
    ).rejects.toMatchObject({ name: 'ProviderRejectedError' });
    expect(sim.requests).toHaveLength(0);
  });

  it('waits longer for a search than for a read: a synchronous search answers within the request', () => {
    expect(INSTANT_SEARCH_TIMEOUT_MS).toBeGreaterThan(20_000);
  });

  it('after a lost answer, the retried create finds the search by search_key instead of searching again', async () => {
    const sealer = FieldSealer.fromBase64([randomBytes(32).toString('base64')]);
    const activities = createProviderActivities(client, sealer);
    const request = {
      ...instantRequest('000-10-0000'),
      applicant: sealer.sealApplicant(instantRequest('000-10-0000').applicant),
    };
    const input = { orderId: ORDER_ID, request, employers: [0] };

    // The search lands at Truework, but its answer is lost on the way back: an ambiguous failure.
    sim.setFaults({ loseNextCreateResponse: true });
    const lost: unknown = await new MockActivityEnvironment({ attempt: 1 })
      .run(activities.createProviderOrder, input)
      .catch((err: unknown) => err);
    expect(lost).toMatchObject({ type: 'ProviderUnavailable' });
    expect(calls(sim, 'POST', '/orders/employer-search')).toBe(1);

    const retried = await new MockActivityEnvironment({ attempt: 2 }).run<
      [typeof input],
      PlacedOrder,
      typeof activities.createProviderOrder
    >(activities.createProviderOrder, input);
    expect(calls(sim, 'POST', '/orders/employer-search')).toBe(1);
    expect(calls(sim, 'GET', '/orders')).toBe(1);
    expect(sim.listOrders()).toHaveLength(1);
    expect(retried.providerOrderId).toBe((sim.listOrders()[0] as { id: string }).id);
    expect(retried.snapshot).toMatchObject({ status: 'completed', outcome: 'verified' });
  });

  it('does not take a Truework target-employer order of the same voie order for its search', async () => {
    const { TrueworkClient } = await import('../../src/providers/truework/client');
    const truework = new TrueworkClient({ baseUrl: sim.baseUrl, apiKey: 'key', webhookTokens: [] });
    await truework.createOrder(
      { ...instantRequest('000-00-0000'), provider: 'truework' },
      { orderId: ORDER_ID, employers: [0] },
    );
    expect(await client.findOrder({ orderId: ORDER_ID, employers: [0] })).toBeUndefined();
    const search = await client.createOrder(instantRequest('000-10-0001'), { orderId: ORDER_ID, employers: [0] });
    expect((await client.findOrder({ orderId: ORDER_ID, employers: [0] }))?.providerOrderId).toBe(
      search.providerOrderId,
    );
    // …nor Truework's client the search for its target-employer order.
    expect((await truework.findOrder({ orderId: ORDER_ID, employers: [0] }))?.providerOrderId).not.toBe(
      search.providerOrderId,
    );
    await sim.idle();
  });
});
