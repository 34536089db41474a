import { useStack } from '../support/stack';
import { eventually } from '../kit';
import { TEST_ENCRYPTION_KEY } from '../support/temporal';
import type { OrderView } from '../../src/domain';
import { addDays, todayIn } from '../../src/domain';
import { deliverySchema } from '../../src/api/response-schemas';

/**
 * The re-verification before closing on the dev server, in real time, with provider webhooks: the re-check's
 * webhooks find the order by the new provider order id, the `VoieReverification` search attribute follows it, an
 * order waiting for its due date survives a redeploy, and the histories of these paths are recorded for replay.
 * The weeks of waiting are in `reverification.test.ts` (time-skipping server).
 */
const stack = useStack();
const today = () => todayIn(new Date(), 'America/New_York');

function reverified(orderId: string) {
  return stack.receiver
    .accepted(orderId)
    .filter((delivery) => delivery.body.type === 'order.reverified')
    .map((delivery) => deliverySchema.parse(delivery.body));
}

async function ordersWithReverification(status: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of stack.client.workflow.list({ query: `VoieReverification = '${status}'` })) {
    ids.push(execution.workflowId);
  }
  return ids;
}

describe('a Truework order closing today', () => {
  it('re-verifies at once, learns of the re-check by webhook, and is found in the UI as changed', async () => {
    const placed = await stack.placeOrder(
      { closing_date: today(), employer: { name: 'Umbrella Corp' }, options: { poll_interval: '1h' } },
      { ssn: '000-00-0009' },
    );
    // An hour between polls: only the re-check's webhooks can end it within the test.
    const order = await stack.waitForWorkflow(placed.id);
    expect(order.status).toBe('completed');
    expect(order.reverification).toMatchObject({
      status: 'changed',
      changes: [expect.stringContaining('Umbrella Corp')],
    });
    const recheckEvents = order.events.filter((e) => e.type.startsWith('reverification.provider_order.'));
    expect(recheckEvents.map((e) => `${e.type}|${e.source}`)).toContain(
      'reverification.provider_order.completed|webhook',
    );
    expect(reverified(placed.id).map((d) => d.data.reverification!.status)).toEqual(['changed']);
    await eventually(async () => (await ordersWithReverification('changed')).includes(placed.id));
    await stack.recordHistory(placed.id, 'reverification-at-once-changed');
  });
});

describe('a Truv order re-verified on request', () => {
  it('refreshes the Truv order and reports verified', async () => {
    const response = await stack.api<OrderView>(
      'POST',
      '/v1/orders',
      stack.truvOrderBody('Success', { closing_date: addDays(today(), 60) }),
    );
    expect(response.status).toBe(201);
    await stack.waitForOrder(response.body.id, (o) => o.status === 'completed', 60_000);
    await eventually(async () => (await ordersWithReverification('scheduled')).includes(response.body.id));
    expect((await stack.api('POST', `/v1/orders/${response.body.id}/reverify`)).status).toBe(202);
    const order = await stack.waitForWorkflow(response.body.id);
    // Checked before the due day: it is the first block, and the due day has one scheduled of its own.
    expect(order.reverifications[0]).toMatchObject({ status: 'verified', changes: [] });
    expect(order.reverification!.status).toBe('scheduled');
    const placedEvent = order.events.find((e) => e.type === 'reverification.provider_order.created')!;
    expect(placedEvent.detail).toMatch(/^refresh /);
    const [delivery] = reverified(order.id);
    expect(delivery!.data.reverification!.report!.provider).toBe('truv');
    await stack.recordHistory(order.id, 'reverification-truv-refresh-verified');
  });
});

describe('an order waiting for its due date', () => {
  it('survives a redeploy, then moves, and its scheduled re-check can be canceled', async () => {
    const placed = await stack.placeOrder(
      { closing_date: addDays(today(), 60), options: { poll_interval: '1s' } },
      { ssn: '000-00-0001' },
    );
    const order = await stack.waitForOrder(
      placed.id,
      (o) => o.status === 'completed' && o.result?.delivery.state === 'delivered',
    );
    await stack.redeploy([TEST_ENCRYPTION_KEY]);
    const after = await stack.api<OrderView>('GET', `/v1/orders/${placed.id}`);
    expect(after.body.reverification).toEqual(order.reverification);
    // The workflow waiting on its timer is picked up by the new worker: a PATCH moves it.
    const moved = await stack.api<OrderView>('PATCH', `/v1/orders/${placed.id}`, {
      closing_date: addDays(today(), 90),
    });
    expect(moved.status).toBe(200);
    expect(Date.parse(moved.body.reverification!.due_at)).toBeGreaterThan(Date.parse(order.reverification!.due_at));

    const canceled = await stack.api<OrderView>('POST', `/v1/orders/${placed.id}/cancel`);
    expect(canceled.status).toBe(202);
    expect(canceled.body).toMatchObject({ status: 'completed', reverification: { status: 'canceled' } });
    const ended = await stack.waitForWorkflow(placed.id);
    expect(ended.reverification!.status).toBe('canceled');
    expect(reverified(placed.id)).toHaveLength(0);
    await stack.recordHistory(placed.id, 'reverification-canceled');
  });
});
