import { daysAhead } from '../kit';
import { reverificationDue } from '../../src/domain';
import { deliverySchema, reportSchema } from '../../src/api/response-schemas';
import { useStack, TEST_CALLBACK_SECRET } from '../support/stack';
import { deliverySignatureIsValid, eventually, type ReceivedDelivery } from '../kit';

const stack = useStack();

/** Verifies a delivery the way an LOS would with the Standard Webhooks secret. */
const signatureIsValid = (delivery: ReceivedDelivery): boolean =>
  deliverySignatureIsValid(delivery, TEST_CALLBACK_SECRET);

describe('a Truework order', () => {
  it('completes through webhooks and delivers a signed result with the normalized report', async () => {
    const placed = await stack.placeOrder({ loan_id: 'L-100' });
    expect(placed.status).toBe('creating');
    expect(JSON.stringify(placed)).not.toContain('000-00-0000');

    const order = await stack.waitForWorkflow(placed.id);
    await stack.recordHistory(placed.id, 'truework-completed-webhooks');
    expect(order.status).toBe('completed');
    expect(order.provider_order_id).toBeTruthy();
    expect(order.events.some((event) => event.source === 'webhook' && event.type === 'order.completed')).toBe(true);

    const deliveries = stack.receiver.accepted(placed.id);
    expect(deliveries.map((d) => d.body.type)).toEqual(['order.created', 'order.completed']);
    expect(deliveries.every(signatureIsValid)).toBe(true);
    expect(deliveries.every((d) => !d.rawBody.includes('000-00-0000'))).toBe(true);
    const completed = deliveries[1]!.body;
    expect(completed.data.order.status).toBe('completed');
    expect(completed.data.report).toMatchObject({
      normalized: {
        provider: 'truework',
        employments: [
          {
            employer: { name: expect.any(String) },
            status: 'active',
            position: { title: 'Software Engineer', employment_type: 'full-time' },
            pay: { rate: expect.any(Number), unit: expect.any(String), frequency: expect.any(String) },
            income: expect.arrayContaining([
              expect.objectContaining({ year: expect.any(Number), total: expect.any(Number) }),
            ]),
          },
        ],
      },
    });

    const report = await stack.api('GET', `/v1/orders/${placed.id}/report`);
    expect(report.status).toBe(200);
    reportSchema.parse(report.body);
    for (const delivery of deliveries) deliverySchema.parse(delivery.body);
    expect(report.body.normalized.employments).toHaveLength(1);
    expect(report.body.provider_report.reports[0].id).toBe(report.body.normalized.report_ids[0]);

    const description = await stack.client.workflow.getHandle(placed.id).describe();
    const attributes = Object.fromEntries(
      ['VoieProvider', 'VoieStatus', 'VoieExternalId', 'VoieLoanId', 'VoieProviderOrderId'].map((name) => [
        name,
        description.typedSearchAttributes.getAll().find((pair) => pair.key.name === name)?.value,
      ]),
    );
    expect(attributes).toEqual({
      VoieProvider: 'truework',
      VoieStatus: 'completed',
      VoieExternalId: order.external_id,
      VoieLoanId: 'L-100',
      VoieProviderOrderId: order.provider_order_id,
    });
    expect(await description.staticSummary()).toBe(`truework employment-income · loan L-100 · ${order.external_id}`);
  });

  it('tells an operator in the Temporal UI where an open order stands and what each of its handlers does', async () => {
    const placed = await stack.placeOrder(
      { options: { cancel_on_action_required: false, poll_interval: '1h' } },
      { ssn: '000-03-0400' },
    );
    await stack.waitForOrder(placed.id, (o) => o.status === 'action_required');
    // What the UI's "Workflow details" and `temporal workflow metadata` show.
    type Handler = { name: string; description?: string };
    const metadata = await stack.client.workflow.getHandle(placed.id).query<{
      currentDetails: string;
      definition: Record<'queryDefinitions' | 'signalDefinitions' | 'updateDefinitions', Handler[]>;
    }>('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toContain('status: action_required');
    const handlers = [
      ...metadata.definition.queryDefinitions,
      ...metadata.definition.signalDefinitions,
      ...metadata.definition.updateDefinitions,
    ].filter((handler) => !handler.name.startsWith('__'));
    expect(handlers.map((handler) => handler.name).sort()).toEqual([
      'cancelOrder',
      'loanClosingDate',
      'order',
      'orderRecord',
      'patchOrder',
      'providerHint',
      'providerHints',
      'report',
      'reuseKeySettled',
      'reuseOwnerCheck',
      'reverifyNow',
      'verificationRechecked',
    ]);
    for (const handler of handlers)
      expect({ [handler.name]: handler.description ?? '' }).not.toEqual({ [handler.name]: '' });
    // The details follow a change at once, as the API answers it.
    const closingDate = daysAhead(45);
    const patched = await stack.api('PATCH', `/v1/orders/${placed.id}`, { closing_date: closingDate });
    const dueAt = patched.body.reverification.due_at as string;
    expect(dueAt).toBe(reverificationDue(closingDate, 5, 'America/New_York').dueAt);
    const details = await stack.client.workflow
      .getHandle(placed.id)
      .query<{ currentDetails: string }>('__temporal_workflow_metadata');
    expect(details.currentDetails).toContain(`re-verification scheduled (due ${dueAt})`);
    await stack.api('POST', `/v1/orders/${placed.id}/cancel`);
    await stack.waitForWorkflow(placed.id);
  });

  it('reads two reports into two employments', async () => {
    const placed = await stack.placeOrder({}, { ssn: '000000007' });
    const order = await stack.waitForWorkflow(placed.id);
    expect(order.status).toBe('completed');
    const report = await stack.api('GET', `/v1/orders/${placed.id}/report`);
    expect(report.body.normalized.employments.map((e: { status: string }) => e.status)).toEqual(['active', 'inactive']);
  });

  it('completes through polling when every webhook is lost', async () => {
    stack.simulator.setFaults({ dropWebhooks: true });
    const placed = await stack.placeOrder({ options: { poll_interval: '1s' } });
    const order = await stack.waitForWorkflow(placed.id);
    await stack.recordHistory(placed.id, 'truework-completed-polling');
    expect(order.status).toBe('completed');
    expect(order.events.some((event) => event.source === 'webhook')).toBe(false);
    expect(order.events.filter((event) => event.type === 'provider_order.polled').length).toBeGreaterThan(0);
    expect(order.events.find((event) => event.status === 'completed')?.source).toBe('poll');
  });

  it('cancels at the provider when the order needs action and the policy says so', async () => {
    const placed = await stack.placeOrder({}, { ssn: '000-03-0000' });
    const order = await stack.waitForWorkflow(placed.id);
    await stack.recordHistory(placed.id, 'truework-action-required-canceled');
    expect(order.status).toBe('canceled');
    expect(order.events.some((event) => event.type === 'provider.action_required')).toBe(true);
    const providerOrder = stack.simulator
      .listOrders()
      .find((o) => (o as { id: string }).id === order.provider_order_id) as {
      verification_requests: { state: { canonical_value: string } }[];
    };
    expect(providerOrder.verification_requests[0]!.state.canonical_value).toBe('canceled');
    expect(stack.receiver.accepted(placed.id).map((d) => d.body.type)).toEqual(['order.created', 'order.canceled']);
  });

  it('keeps an order that needs action when the policy says so, and tells the LOS', async () => {
    const placed = await stack.placeOrder({ options: { cancel_on_action_required: false } }, { ssn: '000-03-0001' });
    await stack.waitForOrder(placed.id, (order) => order.status === 'action_required');
    await eventually(() => stack.receiver.accepted(placed.id).some((d) => d.body.type === 'order.action_required'));

    const canceled = await stack.api('POST', `/v1/orders/${placed.id}/cancel`, { reason: 'borrower withdrew' });
    expect(canceled.status).toBe(202);
    const order = await stack.waitForWorkflow(placed.id);
    await stack.recordHistory(placed.id, 'truework-action-required-kept-los-cancel');
    expect(order.status).toBe('canceled');
    expect(order.events.some((event) => event.detail === 'borrower withdrew')).toBe(true);
  });

  it('ends failed with the provider message when Truework refuses the order', async () => {
    const placed = await stack.placeOrder({}, { ssn: '123-45-6789' });
    const order = await stack.waitForWorkflow(placed.id);
    await stack.recordHistory(placed.id, 'truework-failed-rejected');
    expect(order.status).toBe('failed');
    expect(order.result?.error?.reason).toMatch(/400/);
    expect(JSON.stringify(order)).not.toContain('123-45-6789');
    expect(stack.receiver.accepted(placed.id).map((d) => d.body.type)).toEqual(['order.failed']);
  });

  it('cancels at the provider when the LOS cancels, accepts a repeated cancel, and refuses one after the end', async () => {
    stack.simulator.setFaults({ dropWebhooks: true });
    const placed = await stack.placeOrder({}, { ssn: '000-03-0002' });
    await stack.waitForOrder(placed.id, (order) => order.provider_order_id !== null);
    // A slow provider keeps the cancel under way while the LOS, say after a timeout, asks again.
    stack.simulator.setFaults({ dropWebhooks: true, responseDelayMs: 1500 });
    const response = await stack.api('POST', `/v1/orders/${placed.id}/cancel`);
    expect(response.status).toBe(202);
    const repeated = await stack.api('POST', `/v1/orders/${placed.id}/cancel`);
    expect(repeated.status).toBe(202);
    expect(repeated.body.events.filter((event: { type: string }) => event.type === 'cancel.requested')).toHaveLength(1);
    const order = await stack.waitForWorkflow(placed.id);
    await stack.recordHistory(placed.id, 'truework-los-cancel-repeated');
    expect(order.status).toBe('canceled');
    const again = await stack.api('POST', `/v1/orders/${placed.id}/cancel`);
    expect(again.status).toBe(409);
  });

  it('makes one provider order when the create response is lost and the create is retried', async () => {
    const from = stack.simulator.requests.length;
    stack.simulator.setFaults({ loseNextCreateResponse: true });
    const placed = await stack.placeOrder();
    const order = await stack.waitForWorkflow(placed.id);
    await stack.recordHistory(placed.id, 'truework-lost-create-response');
    expect(order.status).toBe('completed');
    const created = stack.simulator.listOrders().filter((o) => (o as { search_key: string }).search_key === placed.id);
    expect(created).toHaveLength(1);
    // The retry cannot know whether the lost create landed: it looks the order up (and finds it) instead of placing.
    expect(callsSince(from)).toEqual(['POST /orders/target-employer 0', 'GET /orders 200']);
    // By the retry the provider order had completed: the LOS still hears order.created first.
    expect(stack.receiver.accepted(placed.id).map((d) => d.body.type)).toEqual(['order.created', 'order.completed']);
  });

  it('retries provider 503 and 429 answers, placing the order at once on each retry', async () => {
    const from = stack.simulator.requests.length;
    stack.simulator.setFaults({ failNextRequests: { count: 2, status: 503 } });
    const first = await stack.placeOrder();
    expect((await stack.waitForWorkflow(first.id)).status).toBe('completed');
    stack.simulator.setFaults({ failNextRequests: { count: 2, status: 429, retryAfterSeconds: 1 } });
    const second = await stack.placeOrder();
    expect((await stack.waitForWorkflow(second.id)).status).toBe('completed');
    // Turned away unread, a create placed nothing: its retry places the order without looking for it first.
    expect(callsSince(from)).toEqual([
      'POST /orders/target-employer 503',
      'POST /orders/target-employer 503',
      'POST /orders/target-employer 201',
      'POST /orders/target-employer 429',
      'POST /orders/target-employer 429',
      'POST /orders/target-employer 201',
    ]);
  });

  it('changes nothing on duplicated webhooks', async () => {
    stack.simulator.setFaults({ duplicateWebhooks: true });
    const placed = await stack.placeOrder();
    const order = await stack.waitForWorkflow(placed.id);
    expect(order.status).toBe('completed');
    const webhookEvents = order.events.filter((event) => event.source === 'webhook' && event.type !== 'status.changed');
    const keys = webhookEvents.map((event) => `${event.type}|${event.detail ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(stack.receiver.accepted(placed.id).filter((d) => d.body.type === 'order.completed')).toHaveLength(1);
  });
});

/** The order lookups and creates Truework received from the `from`th request on, with the status answered. */
function callsSince(from: number): string[] {
  return stack.simulator.requests
    .slice(from)
    .filter((request) => request.path === '/orders' || request.path === '/orders/target-employer')
    .map((request) => `${request.method} ${request.path} ${request.status}`);
}
