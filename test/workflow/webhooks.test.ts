import { useStack, TRUEWORK_TOKEN } from '../support/stack';
import type { OrderView } from '../../src/domain';
import { trueworkWebhookHeaders } from '../support/signatures';
import { eventually, sleep } from '../kit';

const stack = useStack();

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
  return stack.api('POST', '/webhooks/truework', body, trueworkWebhookHeaders(token));
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
    const response = await sendWebhook(stateChange(order, 'action-requred'));
    expect(response.status).toBe(200);
    // The prebuilt acknowledgement still carries what every response does.
    expect(response.body).toEqual({ received: true });
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const after = await stack.waitForOrder(order.id, (o) => o.status === 'action_required');
    expect(after.events.find((event) => event.source === 'webhook')).toMatchObject({
      type: 'verification_request.state.change',
      detail: 'action-required',
    });
    // A forwarded webhook is a debug line (the order's timeline has it), counted under the route's pattern.
    const forwarded = stack.logs.filter((line) => line.includes('webhook forwarded to the order'));
    expect(forwarded.length).toBeGreaterThan(0);
    expect(forwarded.every((line) => line.includes('"level":"debug"') && line.includes(order.id))).toBe(true);
    const metrics = await stack.metricsText();
    expect(metrics).toMatch(
      /voie_http_request_duration_seconds_count\{[^}]*route="\/webhooks\/:provider"[^}]*status="200"/,
    );
    await stack.api('POST', `/v1/orders/${order.id}/cancel`);
  });

  it('finds the order by its provider order id when the payload lacks voie metadata', async () => {
    const order = await quietOrder();
    const withoutMetadata = stateChange({ provider_order_id: order.provider_order_id }, 'action-required');
    // Visibility is eventually consistent: the search attribute may take a moment to be indexed.
    await stack.waitForOrder(order.id, () => true);
    await sleep(1500);
    expect((await sendWebhook(withoutMetadata)).status).toBe(200);
    await stack.waitForOrder(order.id, (o) => o.events.some((event) => event.source === 'webhook'));
    await stack.api('POST', `/v1/orders/${order.id}/cancel`);
  });

  it('keeps a webhook that arrives before the provider order id is recorded, and reads the order for it', async () => {
    // A slow create keeps the provider order id unknown while the webhook comes; no other webhook, polls an hour
    // apart, and the create's answer (pending) needs no read: only the early webhook can make voie read the order.
    stack.simulator.setFaults({ dropWebhooks: true, responseDelayMs: 1500 });
    const placed = await stack.placeOrder(
      { options: { cancel_on_action_required: false, poll_interval: '1h' } },
      { ssn: '000-03-0201' },
    );
    const early = stateChange({ provider_order_id: 'not-known-yet', id: placed.id }, 'action-required');
    expect((await sendWebhook(early)).status).toBe(200);

    const created = await stack.waitForOrder(placed.id, (order) => order.provider_order_id !== null);
    const reads = (): number =>
      stack.simulator.requests.filter((r) => r.method === 'GET' && r.path === `/orders/${created.provider_order_id}`)
        .length;
    await eventually(() => reads() >= 1, { what: () => `a read for the early webhook (reads: ${reads()})` });
    const order = (await stack.api<OrderView>('GET', `/v1/orders/${placed.id}`)).body;
    const types = order.events.map((event) => event.type);
    const hint = types.indexOf('verification_request.state.change');
    expect(hint).toBeGreaterThanOrEqual(0);
    expect(hint).toBeLessThan(types.indexOf('provider_order.created'));
    expect(order.status).toBe('action_required');
    await stack.api('POST', `/v1/orders/${placed.id}/cancel`);
    await stack.waitForWorkflow(placed.id);
  });

  it('ignores duplicates and never moves an order backward on out-of-order events', async () => {
    const order = await quietOrder();
    expect((await sendWebhook(stateChange(order, 'action-required'))).status).toBe(200);
    await stack.waitForOrder(order.id, (o) => o.status === 'action_required');
    // The earlier state arrives late, twice: recorded once, and the order stays where it is.
    const stale = stateChange(order, 'pending-approval');
    expect((await sendWebhook(stale)).status).toBe(200);
    expect((await sendWebhook(stale)).status).toBe(200);
    const after = await stack.waitForOrder(order.id, (o) =>
      o.events.some((event) => event.detail === 'pending-approval'),
    );
    expect(after.status).toBe('action_required');
    await stack.api('POST', `/v1/orders/${order.id}/cancel`);
    const ended = await stack.waitForWorkflow(order.id);
    // Both copies reached the order before the cancel did: the second was dropped.
    expect(ended.events.filter((event) => event.detail === 'pending-approval')).toHaveLength(1);
    // A late event for an order that ended is acknowledged and changes nothing.
    expect((await sendWebhook(stateChange(order, 'processing'))).status).toBe(200);
    expect((await stack.api<OrderView>('GET', `/v1/orders/${order.id}`)).body).toEqual(ended);
  });

  it('acknowledges unknown orders and unknown events with 200 and a log line', async () => {
    const logged = (...parts: string[]): boolean => stack.logs.some((line) => parts.every((p) => line.includes(p)));
    expect((await sendWebhook(stateChange({ provider_order_id: 'nobody-knows-this-order' }, 'completed'))).status).toBe(
      200,
    );
    expect(logged('unknown or ended order', 'nobody-knows-this-order')).toBe(true);
    const unknownEvent = { hook: { event: 'verification_request.created' }, data: { order_id: 'x' } };
    expect((await sendWebhook(unknownEvent)).status).toBe(200);
    expect(logged('not an event voie acts on')).toBe(true);
  });

  it('answers 400 to a body that is not JSON, 200 to JSON that is no event, and never 500', async () => {
    const post = (body: string) =>
      stack.api('POST', '/webhooks/truework', body, {
        ...trueworkWebhookHeaders(TRUEWORK_TOKEN),
        'content-type': 'application/json',
      });
    for (const body of ['{not json', '', '{"hook": ']) expect((await post(body)).status).toBe(400);
    for (const body of ['[]', 'null', '{"hook": 1}', '{"data": {"order_id": 5}}']) {
      expect((await post(body)).status).toBe(200);
    }
    expect(stack.logs.filter((line) => line.includes('not an event voie acts on'))).toHaveLength(4);
    expect((await stack.api('POST', '/webhooks/nobody', '{}', { authorization: '' })).status).toBe(404);
  });
});
