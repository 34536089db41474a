import { deliverySchema, orderViewSchema } from '../../src/api/response-schemas';
import type { OrderView } from '../../src/domain';
import { TEST_ENCRYPTION_KEY } from '../support/temporal';
import { truvWebhookHeaders } from '../support/signatures';
import { TRUV_SECRET, useStack } from '../support/stack';
import { eventually } from '../kit';

const stack = useStack();

/** A Truv → Truework waterfall; Truv's scenario is the first name, Truework's the SSN. */
function waterfallBody(firstName: string, ssn: string, options: Record<string, unknown> = {}) {
  const body = stack.orderBody(
    { provider: undefined, providers: ['truv', 'truework'], options },
    { first_name: firstName, ssn, email: 'jane@example.com' },
  );
  return body;
}

async function place(body: Record<string, unknown>): Promise<OrderView> {
  const response = await stack.api<OrderView>('POST', '/v1/orders', body);
  if (response.status !== 201) throw new Error(`order not placed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

const steps = (order: OrderView) => order.attempts.map(({ provider, outcome }) => `${provider}:${outcome}`);

describe('a Truv → Truework waterfall', () => {
  it('moves to Truework when Truv finds no data, and completes there', async () => {
    const placed = await place(waterfallBody('NoData', '000-00-0000'));
    expect(placed.provider).toBe('truv');
    const order = await stack.waitForWorkflow(placed.id);
    await stack.recordHistory(placed.id, 'waterfall-truv-no-data-then-truework');
    orderViewSchema.parse(order);
    expect(order.status).toBe('completed');
    expect(order.provider).toBe('truework');
    expect(steps(order)).toEqual(['truv:no_data', 'truework:verified']);
    expect(order.attempts[0]!.provider_order_id).not.toBe(order.provider_order_id);
    expect(order.attempts.every((attempt) => attempt.started_at && attempt.ended_at)).toBe(true);
    expect(order.events.some((event) => event.type === 'provider.changed')).toBe(true);
    // Without VOIE_PROVIDER_PRICES nothing is priced.
    expect(order.estimated_cost).toBeNull();
    expect(order.attempts.map((attempt) => attempt.estimated_cost)).toEqual([null, null]);

    const deliveries = stack.receiver.accepted(placed.id).map((delivery) => deliverySchema.parse(delivery.body));
    expect(deliveries.map((delivery) => delivery.type)).toEqual([
      'order.created',
      'order.provider_changed',
      'order.completed',
    ]);
    expect(deliveries[1]!.data.order.provider).toBe('truework');

    const description = await stack.client.workflow.getHandle(placed.id).describe();
    const provider = description.typedSearchAttributes.getAll().find((pair) => pair.key.name === 'VoieProvider');
    expect(provider?.value).toBe('truework');
    expect(description.typedSearchAttributes.getAll().map((pair) => pair.key.name)).not.toContain('VoieEstimatedCost');
  });

  it('fails naming both providers when neither verifies', async () => {
    const order = await stack.waitForWorkflow((await place(waterfallBody('NoData', '000-01-0000'))).id);
    expect(order.status).toBe('failed');
    expect(steps(order)).toEqual(['truv:no_data', 'truework:not_found']);
    expect(order.result?.error?.reason).toMatch(
      /^no provider verified: truv: no_data \(.+\); truework: not_found \(.+\)$/,
    );
  });

  it('stops the waterfall when the LOS cancels during the second step; a late Truv webhook changes nothing', async () => {
    const placed = await place(waterfallBody('NoData', '000-03-0400', { cancel_on_action_required: false }));
    const atTruework = await eventually(async () => {
      const order = (await stack.api<OrderView>('GET', `/v1/orders/${placed.id}`)).body;
      return order.provider === 'truework' && order.status === 'action_required' ? order : undefined;
    });

    // Truv says the first step's order completed after all: acknowledged and recorded, never acted on.
    const late = JSON.stringify({
      event_type: 'order-status-updated',
      webhook_id: `late-${placed.id}`,
      order_id: atTruework.attempts[0]!.provider_order_id,
      order_number: placed.id,
      status: 'completed',
      updated_at: new Date().toISOString(),
    });
    const ack = await stack.api('POST', '/webhooks/truv', late, truvWebhookHeaders(late, TRUV_SECRET));
    expect(ack.status).toBe(200);
    await eventually(async () =>
      (await stack.api<OrderView>('GET', `/v1/orders/${placed.id}`)).body.events.some(
        (event) => event.type === 'order-status-updated' && event.detail === 'completed',
      ),
    );
    expect((await stack.api<OrderView>('GET', `/v1/orders/${placed.id}`)).body.status).toBe('action_required');

    expect((await stack.api('POST', `/v1/orders/${placed.id}/cancel`, { reason: 'loan withdrawn' })).status).toBe(202);
    const order = await stack.waitForWorkflow(placed.id);
    await stack.recordHistory(placed.id, 'waterfall-los-cancel-second-step');
    expect(order.status).toBe('canceled');
    expect(steps(order)).toEqual(['truv:no_data', 'truework:canceled']);
    expect(stack.receiver.accepted(placed.id).map((delivery) => delivery.body.type)).toEqual([
      'order.created',
      'order.provider_changed',
      'order.action_required',
      'order.canceled',
    ]);
  });

  it('carries on after a worker restart between the steps', async () => {
    // The simulator gives up on a webhook after 1.5 s, less than a redeploy takes: a short poll finds what they said.
    const placed = await place(
      waterfallBody('NoData', '000-03-0401', { cancel_on_action_required: false, poll_interval: '2s' }),
    );
    await eventually(
      async () => (await stack.api<OrderView>('GET', `/v1/orders/${placed.id}`)).body.provider === 'truework',
    );
    await stack.redeploy([TEST_ENCRYPTION_KEY]);
    // The restarted worker takes the order's next task once the stopped worker's sticky queue times out.
    await stack.waitForOrder(placed.id, (order) => order.status === 'action_required', 60_000);
    expect((await stack.api('POST', `/v1/orders/${placed.id}/cancel`, {})).status).toBe(202);
    const order = await stack.waitForWorkflow(placed.id);
    expect(steps(order)).toEqual(['truv:no_data', 'truework:canceled']);
  });
});
