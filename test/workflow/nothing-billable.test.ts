import { TRUEWORK_TOKEN, useStack } from '../support/stack';
import { trueworkWebhookHeaders } from '../support/signatures';

const stack = useStack();

/** The verification requests of a Truework order as the simulator holds them, read over its HTTP API. */
async function providerStates(providerOrderId: string): Promise<string[]> {
  const response = await fetch(`${stack.simulator.baseUrl}/orders/${providerOrderId}`, {
    headers: { authorization: 'Bearer tw_test_key' },
  });
  const order = (await response.json()) as { verification_requests: { state: { canonical_value: string } }[] };
  return order.verification_requests.map((vr) => vr.state.canonical_value);
}

describe('an order that ends failed after its provider order exists', () => {
  it('cancels that provider order at the provider: nothing billable is left', async () => {
    stack.simulator.setFaults({ dropWebhooks: true });
    const placed = await stack.placeOrder(
      { options: { cancel_on_action_required: false, poll_interval: '1h' } },
      { ssn: '000-03-0500' },
    );
    // The first read finds it processing or already waiting on the applicant: either way, a live provider order.
    const waiting = await stack.waitForOrder(placed.id, (order) => order.provider_order_id !== null);
    await stack.simulator.idle();
    expect(await providerStates(waiting.provider_order_id!)).toEqual(['action-required']);

    // The provider refuses the read a webhook asks for: voie gives the provider order up, and the order ends failed.
    stack.simulator.setFaults({ dropWebhooks: true, failNextRequests: { count: 1, status: 400 } });
    const hint = {
      hook: { event: 'verification_request.state.change', triggered_at: new Date().toISOString() },
      data: { order_id: waiting.provider_order_id, state: 'action-required', metadata: { voie_order_id: placed.id } },
    };
    const webhook = await stack.api('POST', '/webhooks/truework', hint, trueworkWebhookHeaders(TRUEWORK_TOKEN));
    expect(webhook.status).toBe(200);
    const order = await stack.waitForWorkflow(placed.id);
    expect(order.status).toBe('failed');
    expect(order.result?.error?.reason).toMatch(/answered 400/);
    expect(await providerStates(waiting.provider_order_id!)).toEqual(['canceled']);
    expect(order.events.map((event) => event.type)).toContain('provider_order.canceled');
    const delivered = stack.receiver.accepted(placed.id).map((delivery) => delivery.body.type);
    expect([delivered[0], delivered.at(-1)]).toEqual(['order.created', 'order.failed']);
    await stack.recordHistory(placed.id, 'truework-read-refused-canceled-at-provider');
  });
});
