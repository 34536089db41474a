import { daysAhead } from '../kit';
import { deliverySchema, reportSchema } from '../../src/api/response-schemas';
import { useStack, TRUV_SECRET } from '../support/stack';
import type { OrderView } from '../../src/domain';
import { TRUV_EVENT_TYPES } from '../../src/providers/truv/events';
import { truvEvent } from '../fixtures/truv-payloads';
import { truvWebhookHeaders } from '../support/signatures';

const stack = useStack();

async function placeTruv(firstName: string, overrides: Record<string, unknown> = {}): Promise<OrderView> {
  const response = await stack.api<OrderView>('POST', '/v1/orders', stack.truvOrderBody(firstName, overrides));
  expect(response.status).toBe(201);
  return response.body;
}

const signed = (body: string, secret = TRUV_SECRET): Record<string, string> => truvWebhookHeaders(body, secret);

/** The webhook events on an order's timeline, as `type|detail`: what a copy of one webhook would repeat. */
const webhookEvents = (order: OrderView): string[] =>
  order.events
    .filter((e) => e.source === 'webhook' && e.type !== 'status.changed')
    .map((e) => `${e.type}|${e.detail ?? ''}`);

describe('a Truv order', () => {
  it('completes when the applicant connects payroll, with the share URL and a normalized report', async () => {
    const placed = await placeTruv('Success');
    const order = await stack.waitForWorkflow(placed.id);
    await stack.recordHistory(placed.id, 'truv-completed');
    expect(order.status).toBe('completed');
    expect(order.applicant_action?.share_url).toMatch(/^https:\/\//);

    const deliveries = stack.receiver.accepted(placed.id);
    expect(deliveries.map((d) => d.body.type)).toEqual(['order.created', 'order.completed']);
    expect((deliveries[0]!.body.data.order as OrderView).applicant_action?.share_url).toBe(
      order.applicant_action?.share_url,
    );

    const report = await stack.api('GET', `/v1/orders/${placed.id}/report`);
    expect(report.status).toBe(200);
    reportSchema.parse(report.body);
    for (const delivery of deliveries) deliverySchema.parse(delivery.body);
    expect(report.body.normalized).toMatchObject({
      provider: 'truv',
      report_ids: [expect.any(String)],
      employments: [
        {
          employer: { name: expect.any(String) },
          status: expect.stringMatching(/active|inactive/),
          position: { title: expect.any(String) },
          pay: { rate: expect.any(Number), unit: expect.any(String) },
          income: expect.arrayContaining([
            expect.objectContaining({ year: expect.any(Number), total: expect.any(Number) }),
          ]),
        },
      ],
    });
    expect(JSON.stringify(report.body)).not.toContain('991-91-9991');
    expect(JSON.stringify(report.body)).not.toContain('991919991');
  });

  it('has the same normalized report shape as a Truework order', async () => {
    const truv = await placeTruv('Success');
    const truework = await stack.placeOrder();
    await stack.waitForWorkflow(truv.id);
    await stack.waitForWorkflow(truework.id);
    const shape = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.slice(0, 1).map(shape)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .map(([key, child]) => [key, shape(child)])
                .sort(),
            )
          : typeof value;
    const [a, b] = await Promise.all(
      [truv.id, truework.id].map(async (id) => (await stack.api('GET', `/v1/orders/${id}/report`)).body.normalized),
    );
    const keys = (value: unknown): string[] => Object.keys(shape(value) as object);
    expect(keys(a)).toEqual(keys(b));
    expect(keys(a.employments[0])).toEqual(keys(b.employments[0]));
    expect(keys(a.employments[0].pay)).toEqual(keys(b.employments[0].pay));
    expect(keys(a.employments[0].income[0])).toEqual(keys(b.employments[0].income[0]));
  });

  it('shows a failed login on the timeline and completes after the second attempt', async () => {
    const placed = await placeTruv('LoginError');
    const order = await stack.waitForWorkflow(placed.id);
    await stack.recordHistory(placed.id, 'truv-login-error-then-completed');
    expect(order.status).toBe('completed');
    const taskEvents = order.events.filter((event) => event.type === 'task-status-updated');
    expect(taskEvents.some((event) => event.detail?.includes('login_error'))).toBe(true);
  });

  it('ends failed with the reason when the payroll has no data', async () => {
    const placed = await placeTruv('NoData');
    const order = await stack.waitForWorkflow(placed.id);
    expect(order.status).toBe('failed');
    expect(order.result?.error?.reason).toMatch(/no_data/);
  });

  it('cancels at Truv when the LOS cancels', async () => {
    const placed = await placeTruv('Idle');
    await stack.waitForOrder(placed.id, (order) => order.provider_order_id !== null);
    expect((await stack.api('POST', `/v1/orders/${placed.id}/cancel`)).status).toBe(202);
    const order = await stack.waitForWorkflow(placed.id);
    expect(order.status).toBe('canceled');
    const truvOrder = stack.truv.listOrders().find((o: any) => o.id === order.provider_order_id) as any;
    expect(truvOrder.canceled_at).toBeTruthy();
  });

  it('records every Truv event type on the timeline and ignores duplicates', async () => {
    // Every webhook goes out twice, byte for byte the same (same webhook_id).
    stack.truv.setFaults({ duplicateWebhooks: true });
    // A closing date far ahead keeps each order open after it completed, so the events Truv sends after the
    // completion (certification-completed, order-finalized) reach it too.
    const open = { closing_date: daysAhead(180) };
    const success = await placeTruv('Success', open);
    const mfa = await placeTruv('Mfa', open);
    const finalized = (order: OrderView) => webhookEvents(order).some((key) => key.startsWith('order-finalized|'));
    const orders = [await stack.waitForOrder(success.id, finalized), await stack.waitForOrder(mfa.id, finalized)];
    const seen = new Set(orders.flatMap((order) => webhookEvents(order).map((key) => key.split('|')[0])));
    for (const type of [
      'order-created',
      'order-status-updated',
      'task-status-updated',
      'link-connected',
      'profile-created',
      'employment-created',
      'statements-created',
      'shifts-created',
      'bank-accounts-created',
      'certification-completed',
      'order-finalized',
    ]) {
      expect(seen).toContain(type);
    }
    // These journeys never send two different events of one type and detail: a repeat is a copy let through.
    for (const order of orders) expect(webhookEvents(order)).toEqual([...new Set(webhookEvents(order))]);
    expect(stack.receiver.accepted(success.id).filter((d) => d.body.type === 'order.completed')).toHaveLength(1);
  });

  it('records a webhook sent again by Truv once', async () => {
    const placed = await placeTruv('Idle');
    const order = await stack.waitForOrder(placed.id, (o) => o.provider_order_id !== null);
    const body = JSON.stringify(
      truvEvent('shifts-created', {
        webhook_id: `again-${placed.id}`,
        order_id: order.provider_order_id,
        order_number: placed.id,
        objects_count: 7,
      }),
    );
    for (let copy = 0; copy < 3; copy += 1) {
      expect((await stack.api('POST', '/webhooks/truv', body, signed(body))).status).toBe(200);
    }
    const after = await stack.waitForOrder(placed.id, (o) => webhookEvents(o).includes('shifts-created|7 shifts'));
    // The order is asked for its timeline after the copies were all signaled: a second entry would be there.
    expect(webhookEvents(after).filter((key) => key === 'shifts-created|7 shifts')).toHaveLength(1);
    await stack.api('POST', `/v1/orders/${placed.id}/cancel`);
    await stack.waitForWorkflow(placed.id);
  });

  it('accepts every event type of the Truv references, signed, for a known order', async () => {
    const placed = await placeTruv('Idle');
    const order = await stack.waitForOrder(placed.id, (o) => o.provider_order_id !== null);
    for (const eventType of TRUV_EVENT_TYPES) {
      const body = JSON.stringify(
        truvEvent(eventType, {
          webhook_id: `test-${eventType}-${placed.id}`,
          order_id: order.provider_order_id,
          order_number: placed.id,
        }),
      );
      const response = await stack.api('POST', '/webhooks/truv', body, signed(body));
      expect(response.status).toBe(200);
    }
    const webhookTypes = (o: OrderView): Set<string> =>
      new Set(o.events.filter((e) => e.source === 'webhook').map((e) => e.type));
    const after = await stack.waitForOrder(placed.id, (o) =>
      TRUV_EVENT_TYPES.every((type) => webhookTypes(o).has(type)),
    );
    expect([...webhookTypes(after)].filter((type) => type !== 'status.changed').sort()).toEqual(
      [...TRUV_EVENT_TYPES].sort(),
    );
    await stack.api('POST', `/v1/orders/${placed.id}/cancel`);
    await stack.waitForWorkflow(placed.id);
  });

  it('refuses a wrong or missing signature with 401 and forwards nothing', async () => {
    const placed = await placeTruv('Idle');
    const order = await stack.waitForOrder(placed.id, (o) => o.provider_order_id !== null);
    const body = JSON.stringify(
      truvEvent('order-status-updated', {
        webhook_id: 'forged-1',
        order_id: order.provider_order_id,
        order_number: placed.id,
        status: 'completed',
      }),
    );
    expect((await stack.api('POST', '/webhooks/truv', body, signed(body, 'not-the-secret'))).status).toBe(401);
    expect(
      (await stack.api('POST', '/webhooks/truv', body, { authorization: '', 'content-type': 'application/json' }))
        .status,
    ).toBe(401);
    const tampered = signed(body);
    expect((await stack.api('POST', '/webhooks/truv', body.replace('completed', 'canceled'), tampered)).status).toBe(
      401,
    );
    const after = (await stack.api<OrderView>('GET', `/v1/orders/${placed.id}`)).body;
    expect(after.events.some((e) => e.detail?.includes('forged'))).toBe(false);
    expect(
      after.events.filter(
        (e) => e.source === 'webhook' && e.type === 'order-status-updated' && e.detail === 'completed',
      ),
    ).toHaveLength(0);
    await stack.api('POST', `/v1/orders/${placed.id}/cancel`);
    await stack.waitForWorkflow(placed.id);
  });
});
