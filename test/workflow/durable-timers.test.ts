import { useStack } from '../support/stack';
import { eventually } from '../kit';
import type { OrderView } from '../../src/domain';

/**
 * Timers of hours and days, on Temporal's time-skipping test server. Time is skipped while a test awaits a
 * workflow's result; the provider simulator runs in real time, so tests first wait (without skipping) for the
 * provider to act.
 */
// No webhooks here: the time-skipping server has failed workflow tasks that raced incoming signals ("invalid
// history builder state"). Orders learn by polling; the dev-server suites cover webhooks.
// Completed orders close a minute after they complete, so that waiting for the close skips the retries' hours.
const stack = useStack({ timeSkipping: true, providerWebhooks: false, env: { VOIE_REVERIFY_WINDOW: '1m' } });

describe('result delivery', () => {
  it('retries while the LOS answers 500 and then delivers once, always with the same webhook-id', async () => {
    stack.receiver.answerWith(200, 500, 500, 500, 200);
    const placed = await stack.placeOrder({ options: { poll_interval: '1s' } });
    await stack.waitForOrder(placed.id, (order) => order.status === 'completed');
    const order = await stack.waitForClose(placed.id);

    const completed = stack.receiver.received.filter(
      (d) => d.body.type === 'order.completed' && d.body.data.order.id === placed.id,
    );
    expect(completed.map((d) => d.status)).toEqual([500, 500, 500, 200]);
    expect(new Set(completed.map((d) => d.headers['webhook-id'])).size).toBe(1);
    expect(new Set(completed.map((d) => d.rawBody)).size).toBe(1);
    expect(order.result?.delivery).toMatchObject({
      state: 'delivered',
      last_event: 'order.completed',
      attempts: 4,
      last_status: 200,
    });
  });

  it('stops delivering when the LOS answers 410 Gone', async () => {
    stack.receiver.answerWith(410);
    const placed = await stack.placeOrder({ options: { poll_interval: '1s' } });
    await stack.waitForOrder(placed.id, (order) => order.status === 'completed');
    const order = await stack.waitForClose(placed.id);
    expect(order.status).toBe('completed');
    expect(order.result?.delivery).toMatchObject({ state: 'stopped', last_event: 'order.created', attempts: 1 });
    const forOrder = stack.receiver.received.filter((d) => d.body.data.order.id === placed.id);
    expect(forOrder.map((d) => [d.body.type, d.status])).toEqual([['order.created', 410]]);
  });

  it('keeps trying for more than 24 hours, then gives up and says so on the order', async () => {
    stack.receiver.answerWith(...Array<number>(20).fill(503));
    const startedAt = await stack.env.currentTimeMs();
    const placed = await stack.placeOrder();
    // The simulator moves in real time; time is skipped only once the provider order is done.
    await stack.simulator.idle();
    const order = await stack.waitForClose(placed.id);
    const attempts = stack.receiver.received.filter((d) => d.body.data.order.id === placed.id);
    expect(attempts.filter((d) => d.body.type === 'order.created')).toHaveLength(8);
    expect((await stack.env.currentTimeMs()) - startedAt).toBeGreaterThan(24 * 3_600_000);
    expect(order.result?.delivery).toMatchObject({
      state: 'failed',
      last_event: 'order.completed',
      attempts: 8,
      last_status: 503,
    });
    const view = await stack.api<OrderView>('GET', `/v1/orders/${placed.id}`);
    expect(view.body.result?.delivery.state).toBe('failed');
  });

  // The schedule's last attempt comes 27 h 35 min after the first (see workflows/delivery-schedule.ts): a LOS down for
  // 26 hours still gets every result.
  it('delivers every result once the LOS is back after 26 hours down, once per webhook-id', async () => {
    const hour = 3_600_000;
    const startedAt = await stack.env.currentTimeMs();
    const backAt = startedAt + 26 * hour;
    // The LOS answers 503 until 26 hours of Temporal time have passed, then 200.
    const landedAt: number[] = [];
    stack.receiver.answerBy(async () => {
      const now = await stack.env.currentTimeMs();
      if (now < backAt) return 503;
      landedAt.push(now);
      return 200;
    });
    const placed = await Promise.all([stack.placeOrder(), stack.placeOrder(), stack.placeOrder()]);
    // The simulator moves in real time; time is skipped only once the provider orders are done.
    await stack.simulator.idle();
    const orders: OrderView[] = [];
    for (const order of placed) orders.push(await stack.waitForClose(order.id));

    expect(orders.map((order) => [order.status, order.result?.delivery.state])).toEqual(
      orders.map(() => ['completed', 'delivered']),
    );
    for (const { id } of placed) {
      const attempts = stack.receiver.received.filter((d) => d.body.data.order.id === id);
      // Each event kept one webhook-id through every retry, and landed exactly once.
      const webhookIds = [...new Set(attempts.map((d) => d.headers['webhook-id']))];
      const copiesOf = (webhookId: unknown) => attempts.filter((d) => d.headers['webhook-id'] === webhookId);
      expect(
        webhookIds.map((webhookId) =>
          copiesOf(webhookId)
            .map((d) => `${d.body.type} ${d.status}`)
            .at(-1),
        ),
      ).toEqual(['order.created 200', 'order.completed 200']);
      expect(stack.receiver.accepted(id).map((d) => d.body.type)).toEqual(['order.created', 'order.completed']);
      // order.created met the whole outage: every attempt of the schedule but the last was refused.
      expect(attempts.filter((d) => d.status === 503)).toHaveLength(7);
    }
    expect(Math.min(...landedAt) - startedAt).toBeGreaterThanOrEqual(26 * hour);
  });
});

describe('the order deadline', () => {
  it('cancels at the provider and ends expired when the order is not done in time', async () => {
    const placed = await stack.placeOrder(
      { options: { cancel_on_action_required: false, deadline: '7d', poll_interval: '15m' } },
      { ssn: '000-03-0300' },
    );
    // The simulator moves in real time; time is skipped only once the provider order is parked.
    await stack.simulator.idle();
    const order = await stack.waitForClose(placed.id);
    expect(order.status).toBe('expired');
    const providerOrder = stack.simulator
      .listOrders()
      .find((o) => (o as { id: string }).id === order.provider_order_id) as {
      verification_requests: { state: { canonical_value: string } }[];
    };
    expect(providerOrder.verification_requests[0]!.state.canonical_value).toBe('canceled');
    expect(stack.receiver.accepted(placed.id).map((d) => d.body.type)).toEqual([
      'order.created',
      'order.action_required',
      'order.expired',
    ]);
    const polls = order.events.filter((event) => event.type === 'provider_order.polled').length;
    // 15 min doubling to the 6 h ceiling over 7 days: a few dozen polls, not thousands.
    expect(polls).toBeGreaterThan(20);
    expect(polls).toBeLessThan(40);
  });
});

describe('a Truv order whose applicant never acts', () => {
  it('is canceled at Truv and ends expired at its deadline', async () => {
    const body = stack.truvOrderBody('Idle', { options: { deadline: '3d', poll_interval: '1h' } });
    const response = await stack.api<OrderView>('POST', '/v1/orders', body);
    expect(response.status).toBe(201);
    await stack.truv.idle();
    const order = await stack.waitForClose(response.body.id);
    expect(order.status).toBe('expired');
    const truvOrder = stack.truv.listOrders().find((o: any) => o.id === order.provider_order_id) as any;
    expect(truvOrder.canceled_at).toBeTruthy();
    expect(stack.receiver.accepted(order.id).map((d) => d.body.type)).toEqual(['order.created', 'order.expired']);
  });
});

describe('a waterfall step whose applicant never acts', () => {
  it('is canceled at Truv at its step deadline, and Truework completes the order', async () => {
    const body = stack.orderBody(
      { provider: undefined, providers: ['truv', 'truework'], options: { deadline: '30d', poll_interval: '1h' } },
      { first_name: 'Idle', ssn: '000-00-0000', email: 'jane@example.com' },
    );
    const response = await stack.api<OrderView>('POST', '/v1/orders', body);
    expect(response.status).toBe(201);
    await stack.truv.idle();
    // Past the default 72 h step deadline: voie cancels the Truv step and places the order with Truework.
    await stack.env.sleep('73h');
    await eventually(() => stack.simulator.listOrders().some((o: any) => o.search_key === response.body.id));
    await stack.simulator.idle();
    const order = await stack.waitForClose(response.body.id);
    expect(order.status).toBe('completed');
    expect(order.attempts.map(({ provider, outcome }) => `${provider}:${outcome}`)).toEqual([
      'truv:expired',
      'truework:verified',
    ]);
    const truvOrder = stack.truv.listOrders().find((o: any) => o.id === order.attempts[0]!.provider_order_id) as any;
    expect(truvOrder.canceled_at).toBeTruthy();
  });
});
