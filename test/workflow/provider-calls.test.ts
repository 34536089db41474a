import { temporal } from '@temporalio/proto';
import type { SimulatedRequest } from '../../dev/simulators/kit';
import type { OrderView } from '../../src/domain';
import { providerTaskQueue } from '../../workflows/task-queues';
import { trueworkWebhookHeaders } from '../support/signatures';
import { TRUEWORK_TOKEN, useStack } from '../support/stack';
import { eventually } from '../kit';

const stack = useStack();

/** Orders placed one after another per provider: enough for an average, few enough for a quick file. */
const ORDERS = 5;

/**
 * The provider's calls while one order runs to its end, from the simulator's request log: orders run one at a time,
 * so every request logged between placing it and the simulator falling idle after its workflow ended is its own.
 */
async function callsOfOneOrder(
  requests: readonly SimulatedRequest[],
  place: () => Promise<OrderView>,
  idle: () => Promise<void>,
): Promise<{ order: OrderView; calls: string[] }> {
  const before = requests.length;
  const placed = await place();
  const order = await stack.waitForWorkflow(placed.id);
  await idle();
  return { order, calls: requests.slice(before).map((request) => `${request.method} ${request.path}`) };
}

/**
 * The attempts of the activities the order's workflow ran on the provider's task queue, one entry each, named. Every
 * such activity calls the provider at least once, so as many calls as attempts means none made more than one: the
 * queue's rate limit, which counts activities, is then the provider's, which counts calls.
 */
async function providerActivityAttempts(orderId: string, provider: string): Promise<string[]> {
  const events = (await stack.client.workflow.getHandle(orderId).fetchHistory()).events ?? [];
  const names = new Map<string, string>();
  for (const event of events) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.taskQueue?.name === providerTaskQueue(provider)) {
      names.set(String(event.eventId), scheduled.activityType?.name ?? 'unnamed');
    }
  }
  return events.flatMap((event) => {
    const started = event.activityTaskStartedEventAttributes;
    const name = started ? names.get(String(started.scheduledEventId)) : undefined;
    return name ? Array.from({ length: started?.attempt ?? 1 }, () => name) : [];
  });
}

/**
 * Places `ORDERS` completed orders one by one; returns the calls per order on average and every call made. Each
 * order's provider activities made one call each.
 */
async function averageCalls(
  provider: string,
  requests: readonly SimulatedRequest[],
  place: () => Promise<OrderView>,
  idle: () => Promise<void>,
): Promise<{ perOrder: number; calls: string[][] }> {
  const calls: string[][] = [];
  for (let index = 0; index < ORDERS; index++) {
    const one = await callsOfOneOrder(requests, place, idle);
    expect(one.order.status).toBe('completed');
    const attempts = await providerActivityAttempts(one.order.id, provider);
    expect({ calls: one.calls.length, attempts }).toEqual({ calls: attempts.length, attempts });
    // Fewer reads, the same road: the order still showed the provider at work, on the webhook's word.
    expect(one.order.events).toContainEqual(
      expect.objectContaining({ source: 'webhook', type: 'status.changed', status: 'processing' }),
    );
    calls.push(one.calls);
  }
  return { perOrder: calls.flat().length / ORDERS, calls };
}

describe('provider calls per completed order, on the happy path with webhooks', () => {
  it('Truework: at most 2.2 (create, then one read that carries the report)', async () => {
    const { perOrder } = await averageCalls(
      'truework',
      stack.simulator.requests,
      () => stack.placeOrder(),
      () => stack.simulator.idle(),
    );
    expect(perOrder).toBeLessThanOrEqual(2.2);
  });

  it('Truv: at most 3.5 (create, one read, then the report on its own)', async () => {
    const { perOrder, calls } = await averageCalls(
      'truv',
      stack.truv.requests,
      async () => (await stack.api<OrderView>('POST', '/v1/orders', stack.truvOrderBody('Success'))).body,
      () => stack.truv.idle(),
    );
    expect(perOrder).toBeLessThanOrEqual(3.5);
    // The read that finds the order completed no longer fetches the report; the report fetch is that one GET.
    expect(calls.flat().filter((call) => call.includes('/reports/'))).toHaveLength(ORDERS);
    // A Truv order takes about 26 s to its end here (its journey, held progress events): five need more than 120 s.
  }, 300_000);
});

describe('provider calls a webhook causes', () => {
  const { EventType } = temporal.api.enums.v1;

  /** A Truework state change for `order`, a second apart each (Truework's events carry no id of their own). */
  const stateChange = (order: OrderView, state: string, second: number): Record<string, unknown> => ({
    hook: {
      event: 'verification_request.state.change',
      triggered_at: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
    },
    data: { order_id: order.provider_order_id, state, metadata: { voie_order_id: order.id } },
  });

  it('reads only the provider order a webhook names, not every open one of the order', async () => {
    // Two Truework employers, each a provider order, both completed at Truework before voie hears of either.
    stack.simulator.setFaults({ dropWebhooks: true });
    const placed = await stack.placeOrder({
      employer: undefined,
      employers: [{ name: 'Acme Inc' }, { name: 'Globex Corp' }],
      options: { poll_interval: '1h' },
    });
    let order = await stack.waitForOrder(placed.id, (o) => o.employments.every((e) => e.provider_order_id !== null));
    await stack.simulator.idle();
    const [first, second] = order.employments.map((employment) => employment.provider_order_id!);
    const completed = (providerOrderId: string, at: number): Record<string, unknown> => ({
      ...stateChange(order, 'completed', at),
      data: { order_id: providerOrderId, state: 'completed', metadata: { voie_order_id: order.id } },
    });

    const before = stack.simulator.requests.length;
    const answer = await stack.api(
      'POST',
      '/webhooks/truework',
      completed(first!, 0),
      trueworkWebhookHeaders(TRUEWORK_TOKEN),
    );
    expect(answer.status).toBe(200);
    order = await stack.waitForOrder(order.id, (o) => o.employments[0]!.status === 'completed');
    await stack.simulator.idle();
    // The first employer's webhook read the first employer's order only (before: both, 2 calls).
    const calls = (): string[] => stack.simulator.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    expect(calls()).toEqual([`GET /orders/${first}`]);
    expect(order.employments[1]!.status).not.toBe('completed');

    await stack.api('POST', '/webhooks/truework', completed(second!, 1), trueworkWebhookHeaders(TRUEWORK_TOKEN));
    order = await stack.waitForWorkflow(order.id);
    expect(order.status).toBe('completed');
    expect(calls()).toEqual([`GET /orders/${first}`, `GET /orders/${second}`]);
    await stack.recordHistory(order.id, 'truework-two-employers-hinted-reads');
  });

  it('reads nothing for webhooks to a completed order waiting in its re-verification window', async () => {
    const placed = await stack.placeOrder();
    const order = await stack.waitForWorkflow(placed.id);
    expect(order.status).toBe('completed');
    await stack.simulator.idle();
    const webhooks = (o: OrderView): number => o.events.filter((e) => e.source === 'webhook').length;
    const before = { requests: stack.simulator.requests.length, webhooks: webhooks(order) };
    // The workflow is open (months of re-verification window): the ingress signals it, and the order hears each.
    for (const [index, state] of ['completed', 'canceled', 'action-required', 'new-state'].entries()) {
      const body = stateChange(order, state, 30 + index);
      const answer = await stack.api('POST', '/webhooks/truework', body, trueworkWebhookHeaders(TRUEWORK_TOKEN));
      expect(answer.status).toBe(200);
    }
    const heard = await stack.waitForOrder(order.id, (o) => webhooks(o) === before.webhooks + 4);
    await stack.simulator.idle();
    // Each on the timeline, none read at the provider: no re-check runs.
    expect(stack.simulator.requests.length).toBe(before.requests);
    expect(heard.status).toBe('completed');
    const description = await stack.client.workflow.getHandle(order.id).describe();
    expect(description.status.name).toBe('RUNNING');
  });

  it('reads nothing for webhooks that restate what the last read said, and reads for one that says more', async () => {
    // An order kept in action-required, which hears only the webhooks this test sends.
    stack.simulator.setFaults({ dropWebhooks: true });
    const placed = await stack.placeOrder(
      { options: { cancel_on_action_required: false, poll_interval: '1h' } },
      { ssn: '000-03-0300' },
    );
    let order = await stack.waitForOrder(placed.id, (o) => o.provider_order_id !== null);
    // At the provider, the order has come to action-required.
    await stack.simulator.idle();
    const send = async (state: string, second: number): Promise<void> => {
      const body = stateChange(order, state, second);
      const answer = await stack.api('POST', '/webhooks/truework', body, trueworkWebhookHeaders(TRUEWORK_TOKEN));
      expect(answer.status).toBe(200);
    };
    const timeline = (o: OrderView): number =>
      o.events.filter((e) => e.type === 'verification_request.state.change').length;
    // The first action-required names a state the order has not read: it reads.
    await send('action-required', 0);
    order = await stack.waitForOrder(order.id, (o) => o.status === 'action_required');
    await stack.simulator.idle();

    const before = stack.simulator.requests.length;
    for (let second = 1; second <= 5; second++) await send('action-required', second);
    order = await stack.waitForOrder(order.id, (o) => timeline(o) === 6);
    // On the timeline each, and no read: the order knew it was action-required.
    expect(stack.simulator.requests.length - before).toBe(0);
    expect(order.events.filter((e) => e.type === 'status.changed' && e.status === 'action_required')).toHaveLength(1);

    // A state the last read did not say (the applicant acted) is read.
    await send('completed', 6);
    await stack.waitForOrder(order.id, (o) => timeline(o) === 7);
    await eventually(() => stack.simulator.requests.slice(before).some((request) => request.method === 'GET'));
    await stack.api('POST', `/v1/orders/${order.id}/cancel`);
    await stack.waitForWorkflow(order.id);
    await stack.recordHistory(order.id, 'truework-action-required-restated-unread');

    // Each webhook a signal, and the provider activities are the create, the two reads, the cancel and the read
    // after it: before, each of the five restating webhooks scheduled a read of its own too.
    const events = (await stack.client.workflow.getHandle(order.id).fetchHistory()).events ?? [];
    const signaled = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    expect(signaled.length).toBeGreaterThanOrEqual(7);
    expect(await providerActivityAttempts(order.id, 'truework')).toEqual([
      'createProviderOrder',
      'readProviderOrder',
      'readProviderOrder',
      'cancelProviderOrder',
      'readProviderOrder',
    ]);
  });
});
