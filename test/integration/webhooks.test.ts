import { VoieStack, TRUEWORK_TOKEN } from '../support/stack';
import type { OrderView } from '../../src/domain';

let stack: VoieStack;

beforeAll(async () => {
  stack = await VoieStack.start();
});

afterAll(async () => {
  await stack?.stop();
});

afterEach(() => {
  stack.simulator.resetFaults();
});

function stateChange(
  order: { provider_order_id: string | null; id?: string },
  state: string,
  extra: Record<string, unknown> = {},
) {
  return {
    version: '2023-10-30',
    hook: { id: 4182, event: 'verification_request.state.change', target: 'x', triggered_at: new Date().toISOString() },
    data: {
      order_id: order.provider_order_id,
      verification_request_id: 'vr-1',
      state,
      metadata: order.id ? { voie_order_id: order.id } : {},
      ...extra,
    },
  };
}

function sendWebhook(body: unknown, token: string | null = TRUEWORK_TOKEN) {
  return stack.api(
    'POST',
    '/webhooks/truework',
    body,
    token === null ? { authorization: '' } : { authorization: '', 'x-truework-token': token },
  );
}

/** An order that stays action-required and hears no simulator webhooks: only the ones a test sends. */
async function quietOrder(): Promise<OrderView> {
  stack.simulator.setFaults({ dropWebhooks: true });
  const placed = await stack.placeOrder(
    { options: { cancel_on_action_required: false, poll_interval: '1h' } },
    { ssn: '000-03-0200' },
  );
  const created = await stack.waitForOrder(placed.id, (order) => order.provider_order_id !== null);
  await stack.simulator.idle();
  return created;
}

describe('the Truework webhook ingress', () => {
  it('refuses a wrong or missing token and forwards nothing', async () => {
    const order = await quietOrder();
    expect((await sendWebhook(stateChange(order, 'action-required'), 'not-the-token')).status).toBe(401);
    expect((await sendWebhook(stateChange(order, 'action-required'), null)).status).toBe(401);
    const after = (await stack.api<OrderView>('GET', `/v1/orders/${order.id}`)).body;
    expect(after.events.filter((event) => event.source === 'webhook')).toHaveLength(0);
    expect(after.status).not.toBe('action_required');
    expect(stack.logs.some((line) => line.includes('webhook refused'))).toBe(true);
    await stack.api('POST', `/v1/orders/${order.id}/cancel`);
  });

  it('forwards a state change, accepting the action-requred spelling, and re-reads the order', async () => {
    const order = await quietOrder();
    expect((await sendWebhook(stateChange(order, 'action-requred'))).status).toBe(200);
    const after = await stack.waitForOrder(order.id, (o) => o.status === 'action_required');
    expect(after.events.find((event) => event.source === 'webhook')).toMatchObject({
      type: 'verification_request.state.change',
      detail: 'action-required',
    });
    await stack.api('POST', `/v1/orders/${order.id}/cancel`);
  });

  it('finds the order by its provider order id when the payload lacks voie metadata', async () => {
    const order = await quietOrder();
    const withoutMetadata = stateChange({ provider_order_id: order.provider_order_id }, 'action-required');
    // Visibility is eventually consistent: the search attribute may take a moment to be indexed.
    await stack.waitForOrder(order.id, () => true);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await sendWebhook(withoutMetadata)).status).toBe(200);
    await stack.waitForOrder(order.id, (o) => o.events.some((event) => event.source === 'webhook'));
    await stack.api('POST', `/v1/orders/${order.id}/cancel`);
  });

  it('keeps a webhook that arrives before the provider order id is recorded', async () => {
    stack.simulator.setFaults({ dropWebhooks: true, responseDelayMs: 1500 });
    const placed = await stack.placeOrder({ options: { poll_interval: '1h' } });
    const early = stateChange({ provider_order_id: 'not-known-yet', id: placed.id }, 'completed');
    expect((await sendWebhook(early)).status).toBe(200);
    const order = await stack.waitForWorkflow(placed.id);
    expect(order.status).toBe('completed');
    const types = order.events.map((event) => event.type);
    expect(types.indexOf('verification_request.state.change')).toBeLessThan(types.indexOf('provider_order.created'));
  });

  it('ignores duplicates and never moves an order backward on out-of-order events', async () => {
    const order = await quietOrder();
    const stale = stateChange(order, 'pending-approval');
    expect((await sendWebhook(stale)).status).toBe(200);
    expect((await sendWebhook(stale)).status).toBe(200);
    const after = await stack.waitForOrder(order.id, (o) => o.status === 'action_required');
    expect(after.events.filter((event) => event.detail === 'pending-approval')).toHaveLength(1);
    expect(after.status).toBe('action_required');
    await stack.api('POST', `/v1/orders/${order.id}/cancel`);
    const ended = await stack.waitForWorkflow(order.id);
    // A late event for an order that ended is acknowledged and changes nothing.
    expect((await sendWebhook(stateChange(order, 'processing'))).status).toBe(200);
    expect((await stack.api<OrderView>('GET', `/v1/orders/${order.id}`)).body).toEqual(ended);
  });

  it('acknowledges unknown orders and unknown events with 200 and a log line', async () => {
    expect((await sendWebhook(stateChange({ provider_order_id: 'nobody-knows-this-order' }, 'completed'))).status).toBe(
      200,
    );
    expect(stack.logs.some((line) => line.includes('unknown or ended order'))).toBe(true);
    const unknownEvent = { hook: { event: 'verification_request.created' }, data: { order_id: 'x' } };
    expect((await sendWebhook(unknownEvent)).status).toBe(200);
    expect(stack.logs.some((line) => line.includes('not an event voie acts on'))).toBe(true);
  });

  it('answers 400 to malformed bodies and never 500', async () => {
    for (const body of ['{not json', '', '[]', 'null', '{"hook": 1}', '{"data": {"order_id": 5}}']) {
      const response = await stack.api('POST', '/webhooks/truework', body, {
        authorization: '',
        'x-truework-token': TRUEWORK_TOKEN,
        'content-type': 'application/json',
      });
      expect([200, 400]).toContain(response.status);
      if (body === '{not json' || body === '') expect(response.status).toBe(400);
    }
    expect((await stack.api('POST', '/webhooks/nobody', '{}', { authorization: '' })).status).toBe(404);
  });
});
