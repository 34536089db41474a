import { createHash } from 'node:crypto';
import type { OrderView } from '../../src/domain';
import { VERIFICATION_ORDER_WORKFLOW, VoieExternalId, VoieTenant } from '../../workflows/public';
import type { OrderBody } from '../kit';
import { CallbackReceiver, deliverySignatureIsValid, eventually, freshLoanId, LosClient } from '../kit';
import { TEST_API_KEY, TEST_CALLBACK_SECRET, useStack } from '../support/stack';

/**
 * Tenants over HTTP, as an attacker holding one tenant's key would try them: `acme` and `bravo` (two keys) beside
 * the `default` tenant of the stack's bare key. Each sees, changes and is signed for only its own orders and loans.
 */
const ACME_KEY = 'acme-key-0123456789';
const BRAVO_KEYS = ['bravo-key-one-0123456789', 'bravo-key-two-0123456789'];
const whsec = (fill: number) => `whsec_${Buffer.alloc(32, fill).toString('base64')}`;
const ACME_SECRET = whsec(21);
const BRAVO_SECRETS = [whsec(22), whsec(23)];

const stack = useStack({
  env: {
    VOIE_API_KEYS: [TEST_API_KEY, `acme:${ACME_KEY}`, ...BRAVO_KEYS.map((key) => `bravo:${key}`)].join(','),
    VOIE_CALLBACK_SECRETS: [`acme:${ACME_SECRET}`, ...BRAVO_SECRETS.map((secret) => `bravo:${secret}`)].join(','),
  },
});

const client = (apiKey: string) => new LosClient({ baseUrl: () => stack.apiUrl, apiKey });
const acme = client(ACME_KEY);
const bravo = client(BRAVO_KEYS[0]!);
const bravoOther = client(BRAVO_KEYS[1]!);

/** Truework's sandbox borrower whose order waits for them: it stays open for cancel, `PATCH` and the like. */
const WAITING = { ssn: '000-03-0400' };
const KEEP_OPEN = { options: { poll_interval: '1m', cancel_on_action_required: false } };

/** Every route on one order, with a body where it takes one. */
const ORDER_ROUTES: [method: string, path: string, body?: unknown][] = [
  ['GET', ''],
  ['GET', '/report'],
  ['GET', '/report.pdf'],
  ['GET', '/deliveries'],
  ['POST', '/cancel', { reason: 'not yours' }],
  ['PATCH', '', { closing_date: null }],
  ['POST', '/reverify'],
  ['POST', '/redeliver'],
];

/** Each tenant's LOS, taking only deliveries signed with that tenant's secret (bravo's holds its second one). */
const receivers: Partial<Record<'acme' | 'bravo', CallbackReceiver>> = {};
beforeAll(async () => {
  receivers.acme = await CallbackReceiver.start(ACME_SECRET);
  receivers.bravo = await CallbackReceiver.start(BRAVO_SECRETS[1]);
});
afterAll(async () => {
  await Promise.all(Object.values(receivers).map((receiver) => receiver.close()));
});

/** Places `body` for the tenant of `los`, delivering to that tenant's receiver. */
async function placed(los: LosClient, body: OrderBody): Promise<OrderView> {
  const receiver = los === acme ? receivers.acme : los === bravo || los === bravoOther ? receivers.bravo : undefined;
  return los.placeOrder(receiver ? { ...body, callback_url: receiver.url } : body);
}

describe('tenants', () => {
  it('makes two orders of one external_id in two tenants, each with its own provider order and id no one can compute', async () => {
    const body = stack.orderBody();
    const [ofDefault, ofAcme, ofBravo] = [
      await stack.los.placeOrder(body),
      await placed(acme, body),
      await placed(bravo, body),
    ];
    const ids = [ofDefault.id, ofAcme.id, ofBravo.id];
    expect(new Set(ids).size).toBe(3);
    // Not the unsalted hash of the external_id, which anyone could compute.
    const unsalted = `vo_${createHash('sha256').update(String(body.external_id)).digest('hex').slice(0, 24)}`;
    expect(ids).not.toContain(unsalted);

    // The same body again is the same order for each tenant, and a tenant's other key finds it too.
    const again = (los: LosClient, receiver: CallbackReceiver) =>
      los.api('POST', '/v1/orders', { ...body, callback_url: receiver.url });
    expect((await again(acme, receivers.acme!)).body).toMatchObject({ id: ofAcme.id });
    expect((await again(bravoOther, receivers.bravo!)).body).toMatchObject({ id: ofBravo.id });
    expect((await bravoOther.api('GET', `/v1/orders/${ofBravo.id}`)).status).toBe(200);

    const providerOrders = await Promise.all(
      [stack.los, acme, bravo].map(async (los, index) => {
        const order = await los.waitForOrder(ids[index]!, (view) => view.provider_order_id !== null);
        return order.provider_order_id;
      }),
    );
    expect(new Set(providerOrders).size).toBe(3);

    // The operator's view: the search attribute names each order's tenant.
    for (const [id, tenant] of [
      [ofAcme.id, 'acme'],
      [ofBravo.id, 'bravo'],
      [ofDefault.id, 'default'],
    ]) {
      const { typedSearchAttributes } = await stack.client.workflow.getHandle(id!).describe();
      expect(typedSearchAttributes.get(VoieTenant)).toBe(tenant);
    }

    // Each tenant lists its own order of that external_id, and only it.
    const query = `/v1/orders?external_id=${encodeURIComponent(String(body.external_id))}`;
    for (const [los, id] of [
      [stack.los, ofDefault.id],
      [acme, ofAcme.id],
      [bravoOther, ofBravo.id],
    ] as const) {
      const listed = await eventually(
        async () => {
          const page = await los.api<{ data: { id: string }[] }>('GET', query);
          return page.body.data.length > 0 ? page.body.data : null;
        },
        { what: 'the order listed' },
      );
      expect(listed.map((row) => row.id)).toEqual([id]);
    }
    const all = await acme.api<{ data: { id: string }[] }>('GET', '/v1/orders?limit=100');
    expect(all.body.data.map((row) => row.id)).not.toContain(ofBravo.id);
    expect(all.body.data.map((row) => row.id)).not.toContain(ofDefault.id);
  });

  it("answers 404 on every route of another tenant's order, as for an order that does not exist, and changes nothing", async () => {
    const order = await placed(acme, stack.orderBody(KEEP_OPEN, WAITING));
    const before = await acme.waitForOrder(
      order.id,
      (view) => view.status === 'action_required' && view.result?.delivery.state === 'delivered',
    );
    const missing = `vo_${'0'.repeat(24)}`;

    for (const [method, path, body] of ORDER_ROUTES) {
      for (const attacker of [bravo, stack.los]) {
        const attempt = await attacker.api(method, `/v1/orders/${order.id}${path}`, body);
        const unknown = await attacker.api(method, `/v1/orders/${missing}${path}`, body);
        expect({ route: `${method} ${path}`, status: attempt.status }).toEqual({
          route: `${method} ${path}`,
          status: 404,
        });
        // Word for word what an order that does not exist gets, but for the id (and each request's correlation id).
        const said = (answer: typeof attempt, id: string) =>
          JSON.stringify({ ...answer.body, correlation_id: undefined }).replace(id, 'ID');
        expect(said(attempt, order.id)).toBe(said(unknown, missing));
      }
    }

    const after = await acme.api<OrderView>('GET', `/v1/orders/${order.id}`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ status: 'action_required', closing_date: null, reverification: null });
    expect(after.body.events.map((event) => event.type)).toEqual(before.events.map((event) => event.type));
    expect((await acme.api('GET', `/v1/orders/${order.id}/deliveries`)).status).toBe(200);

    // The order's placement and the owner's own change are recorded with its tenant.
    expect(before.events[0]).toMatchObject({ source: 'api', type: 'order.received', tenant: 'acme' });
    const canceled = await acme.api<OrderView>('POST', `/v1/orders/${order.id}/cancel`, { reason: 'withdrawn' });
    expect(canceled.status).toBe(202);
    expect(canceled.body.events).toContainEqual(
      expect.objectContaining({ source: 'api', type: 'cancel.requested', tenant: 'acme' }),
    );
  });

  it("lists an order placed before orders named their tenant as the default tenant's", async () => {
    // Such an order has no VoieTenant; its workflow sits on a queue no worker polls, as only its listing matters here.
    const externalId = `legacy-${Date.now()}`;
    const handle = await stack.client.workflow.start(VERIFICATION_ORDER_WORKFLOW, {
      workflowId: `vo_${createHash('sha256').update(externalId).digest('hex').slice(0, 24)}`,
      taskQueue: 'no-worker-polls-this',
      args: [],
      typedSearchAttributes: [{ key: VoieExternalId, value: externalId }],
    });
    try {
      const query = `/v1/orders?external_id=${externalId}`;
      const listed = await eventually(async () => {
        const page = await stack.los.api<{ data: { id: string }[] }>('GET', query);
        return page.body.data.length > 0 ? page.body.data : null;
      });
      expect(listed.map((row) => row.id)).toEqual([handle.workflowId]);
      expect((await acme.api<{ data: unknown[] }>('GET', query)).body.data).toEqual([]);
      expect((await acme.api('GET', `/v1/orders/${handle.workflowId}`)).status).toBe(404);
    } finally {
      await handle.terminate();
    }
  });

  it("scopes loans: another tenant's loan_id is its own loan, and another's loan is 404", async () => {
    const loanId = freshLoanId();
    const ofAcme = await placed(acme, stack.orderBody({ ...KEEP_OPEN, loan_id: loanId }, WAITING));
    const file = await eventually(async () => {
      const got = await acme.api<{ orders: { id: string }[] }>('GET', `/v1/loans/${loanId}`);
      return got.status === 200 ? got.body : null;
    });
    expect(file.orders.map((row) => row.id)).toEqual([ofAcme.id]);

    expect((await bravo.api('GET', `/v1/loans/${loanId}`)).status).toBe(404);
    expect((await bravo.api('PUT', `/v1/loans/${loanId}`, { closing_date: null })).status).toBe(404);

    const ofBravo = await placed(bravo, stack.orderBody({ ...KEEP_OPEN, loan_id: loanId }, WAITING));
    const bravoFile = await bravo.api<{ orders: { id: string }[] }>('GET', `/v1/loans/${loanId}`);
    expect(bravoFile.body.orders.map((row) => row.id)).toEqual([ofBravo.id]);
    const acmeFile = await acme.api<{ orders: { id: string }[] }>('GET', `/v1/loans/${loanId}`);
    expect(acmeFile.body.orders.map((row) => row.id)).toEqual([ofAcme.id]);
    const listed = await bravo.api<{ data: { id: string }[] }>('GET', `/v1/orders?loan_id=${loanId}`);
    expect(listed.body.data.map((row) => row.id)).not.toContain(ofAcme.id);

    for (const [los, id] of [
      [acme, ofAcme.id],
      [bravo, ofBravo.id],
    ] as const) {
      expect((await los.api('POST', `/v1/orders/${id}/cancel`)).status).toBe(202);
    }
  });

  it("signs each tenant's deliveries with its own callback secrets only, one signature per secret", async () => {
    const receiver = await CallbackReceiver.start();
    try {
      const body = (los: LosClient) => los.placeOrder(stack.orderBody({ callback_url: receiver.url }));
      const [ofAcme, ofBravo, ofDefault] = [await body(acme), await body(bravo), await body(stack.los)];
      const deliveryOf = (id: string) =>
        eventually(() => receiver.accepted(id).find((delivery) => delivery.body.type === 'order.completed'), {
          timeoutMs: 60_000,
          what: `order ${id} delivered`,
        });
      const verifies = (delivery: Awaited<ReturnType<typeof deliveryOf>>) =>
        [ACME_SECRET, ...BRAVO_SECRETS, TEST_CALLBACK_SECRET].map((secret) =>
          deliverySignatureIsValid(delivery, secret),
        );

      const toAcme = await deliveryOf(ofAcme.id);
      expect(verifies(toAcme)).toEqual([true, false, false, false]);
      expect(String(toAcme.headers['webhook-signature']).split(' ')).toHaveLength(1);
      const toBravo = await deliveryOf(ofBravo.id);
      expect(verifies(toBravo)).toEqual([false, true, true, false]);
      expect(String(toBravo.headers['webhook-signature']).split(' ')).toHaveLength(2);
      // A tenant without secrets of its own signs with VOIE_CALLBACK_SECRET.
      expect(verifies(await deliveryOf(ofDefault.id))).toEqual([false, false, false, true]);
    } finally {
      await receiver.close();
    }
  });
});
