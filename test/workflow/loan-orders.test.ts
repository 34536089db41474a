import { deliverySchema, orderViewSchema, reportSchema } from '../../src/api/response-schemas';
import type { OrderView } from '../../src/domain';
import { useStack } from '../support/stack';
import { eventually } from '../kit';

const stack = useStack();

const TWO_EMPLOYERS = { employer: undefined, employers: [{ name: 'Acme Inc' }, { name: 'No Match Corp' }] };
/** Two employers that both stay open as long as the applicant's scenario does. */
const TWO_OPEN_EMPLOYERS = { employer: undefined, employers: [{ name: 'Acme Inc' }, { name: 'Globex Corp' }] };

/** The state of a Truework order as the simulator (Truework) holds it, read over its API. */
async function trueworkState(providerOrderId: string): Promise<string | undefined> {
  const response = await fetch(`${stack.simulator.baseUrl}/orders/${providerOrderId}`, {
    headers: { authorization: 'Bearer tw_test_key', accept: 'application/json; version=2023-10-30' },
  });
  const order = (await response.json()) as { verification_requests?: { state?: { canonical_value?: string } }[] };
  return order.verification_requests?.[0]?.state?.canonical_value;
}

function providerOrderIds(order: OrderView): string[] {
  return order.employments.map((employment) => employment.provider_order_id!);
}

describe('a Truework order of several employers', () => {
  it('places one provider order per employer and completes with the one that verified', async () => {
    const placed = await stack.placeOrder(TWO_EMPLOYERS);
    expect(placed.employments.map((employment) => employment.employer.name)).toEqual(['Acme Inc', 'No Match Corp']);

    const order = await stack.waitForWorkflow(placed.id);
    await stack.recordHistory(placed.id, 'truework-two-employers-one-verified');
    orderViewSchema.parse(order);
    expect(order.status).toBe('completed');
    expect(order.employments).toEqual([
      {
        employer: { name: 'Acme Inc' },
        provider_order_id: expect.any(String),
        status: 'completed',
        outcome: 'verified',
      },
      {
        employer: { name: 'No Match Corp' },
        provider_order_id: expect.any(String),
        status: 'canceled',
        outcome: 'not_found',
      },
    ]);
    const [first, second] = providerOrderIds(order);
    expect(first).not.toBe(second);
    expect(order.provider_order_id).toBe(first);

    const report = await stack.api('GET', `/v1/orders/${placed.id}/report`);
    reportSchema.parse(report.body);
    expect(report.body.normalized.employments.map((e: { employer: { name: string } }) => e.employer.name)).toEqual([
      'Acme Inc',
    ]);
    const deliveries = stack.receiver.accepted(placed.id);
    expect(deliveries.map((delivery) => delivery.body.type)).toEqual(['order.created', 'order.completed']);
    const completed = deliveries.map((delivery) => deliverySchema.parse(delivery.body))[1]!;
    expect(completed.data.order.employments).toEqual(order.employments);
  });

  it('ends failed naming each employer when none verifies', async () => {
    const placed = await stack.placeOrder({
      employer: undefined,
      employers: [{ name: 'No Match Corp' }, { name: 'Another No Match LLC' }],
    });
    const order = await stack.waitForWorkflow(placed.id);
    expect(order.status).toBe('failed');
    expect(order.result?.error?.reason).toBe(
      'no employer verified: No Match Corp: not_found; Another No Match LLC: not_found',
    );
    expect(order.employments.map((employment) => employment.outcome)).toEqual(['not_found', 'not_found']);
  });

  it('cancels every open employer at Truework when action is required and the policy says cancel', async () => {
    const placed = await stack.placeOrder(TWO_OPEN_EMPLOYERS, { ssn: '000-03-0100' });
    const order = await stack.waitForWorkflow(placed.id);
    await stack.recordHistory(placed.id, 'truework-two-employers-action-required-canceled');
    expect(order.status).toBe('canceled');
    expect(order.employments.map((employment) => [employment.status, employment.outcome])).toEqual([
      ['canceled', 'canceled'],
      ['canceled', 'canceled'],
    ]);
    for (const id of providerOrderIds(order)) expect(await trueworkState(id)).toBe('canceled');
  });

  it('cancels every open employer at Truework when the LOS cancels', async () => {
    const placed = await stack.placeOrder(
      { ...TWO_OPEN_EMPLOYERS, options: { cancel_on_action_required: false } },
      { ssn: '000-03-0101' },
    );
    await eventually(async () => (await stack.api('GET', `/v1/orders/${placed.id}`)).body.status === 'action_required');
    expect((await stack.api('POST', `/v1/orders/${placed.id}/cancel`, { reason: 'loan withdrawn' })).status).toBe(202);
    const order = await stack.waitForWorkflow(placed.id);
    expect(order.status).toBe('canceled');
    for (const id of providerOrderIds(order)) expect(await trueworkState(id)).toBe('canceled');
    expect(stack.receiver.accepted(placed.id).map((delivery) => delivery.body.type)).toEqual([
      'order.created',
      'order.action_required',
      'order.canceled',
    ]);
  });

  it('expires at the deadline, canceling every open employer at Truework', async () => {
    const placed = await stack.placeOrder(
      // The shortest deadline an order may have (`options.deadline` is 1m–90d).
      { ...TWO_OPEN_EMPLOYERS, options: { cancel_on_action_required: false, deadline: '1m', poll_interval: '1s' } },
      { ssn: '000-03-0102' },
    );
    const order = await stack.waitForWorkflow(placed.id);
    expect(order.status).toBe('expired');
    expect(order.employments.map((employment) => employment.outcome)).toEqual(['canceled', 'canceled']);
    for (const id of providerOrderIds(order)) expect(await trueworkState(id)).toBe('canceled');
  }, 180_000);
});

describe('an employment-only (VOE) order', () => {
  it('completes at Truework with no pay and no income in the report', async () => {
    const placed = await stack.placeOrder({ type: 'employment' });
    const order = await stack.waitForWorkflow(placed.id);
    await stack.recordHistory(placed.id, 'truework-voe-completed');
    expect(order).toMatchObject({ status: 'completed', type: 'employment' });
    const report = await stack.api('GET', `/v1/orders/${placed.id}/report`);
    expect(report.body.normalized.employments).toEqual([
      expect.objectContaining({
        employer: expect.objectContaining({ name: expect.any(String) }),
        pay: null,
        income: [],
      }),
    ]);
  });
});

describe('agency reference ids', () => {
  it('lists the Day 1 Certainty id Truework gives in the normalized report', async () => {
    const placed = await stack.placeOrder({}, { ssn: '000-00-0008' });
    const order = await stack.waitForWorkflow(placed.id);
    expect(order.status).toBe('completed');
    const report = await stack.api('GET', `/v1/orders/${placed.id}/report`);
    expect(report.body.normalized.gse).toEqual([
      { agency: 'fannie_mae', program: 'd1c', reference_id: expect.stringMatching(/^TW-D1C-\d{10}$/) },
    ]);
  });
});

describe('a Truv order of several employers', () => {
  it('is one Truv order with a suborder per employer, completed with the one that verified', async () => {
    const body = stack.truvOrderBody('Success', {
      employer: undefined,
      employers: [{ name: 'Acme Inc' }, { name: 'NoData Corp' }],
    });
    const placed = await stack.api<OrderView>('POST', '/v1/orders', body);
    expect(placed.status).toBe(201);
    const order = await stack.waitForWorkflow(placed.body.id);
    await stack.recordHistory(placed.body.id, 'truv-two-employers-one-verified');
    expect(order.status).toBe('completed');
    expect(order.employments).toEqual([
      {
        employer: { name: 'Acme Inc' },
        provider_order_id: order.provider_order_id,
        status: 'completed',
        outcome: 'verified',
      },
      {
        employer: { name: 'NoData Corp' },
        provider_order_id: order.provider_order_id,
        status: 'failed',
        outcome: 'not_found',
      },
    ]);
    const report = await stack.api('GET', `/v1/orders/${placed.body.id}/report`);
    reportSchema.parse(report.body);
    expect(report.body.normalized.employments).toHaveLength(1);
    expect(report.body.normalized.gse).toEqual(
      expect.arrayContaining([expect.objectContaining({ agency: 'freddie_mac', program: 'aim' })]),
    );
  });

  it('cancels the one Truv order when the LOS cancels with every employer open', async () => {
    const body = stack.truvOrderBody('Idle', {
      employer: undefined,
      employers: [{ name: 'Acme Inc' }, { name: 'Globex' }],
    });
    const placed = await stack.api<OrderView>('POST', '/v1/orders', body);
    // Created at Truv, and open (pending, or processing once Truv's progress webhooks arrive).
    await stack.waitForOrder(placed.body.id, (order) => order.provider_order_id !== null, 60_000);
    expect((await stack.api('POST', `/v1/orders/${placed.body.id}/cancel`, {})).status).toBe(202);
    const order = await stack.waitForWorkflow(placed.body.id);
    expect(order.status).toBe('canceled');
    expect(order.employments.map((employment) => employment.outcome)).toEqual(['canceled', 'canceled']);
  });

  it('verifies employment only (VOE) with no pay and no income', async () => {
    const placed = await stack.api<OrderView>(
      'POST',
      '/v1/orders',
      stack.truvOrderBody('Success', { type: 'employment' }),
    );
    const order = await stack.waitForWorkflow(placed.body.id);
    await stack.recordHistory(placed.body.id, 'truv-voe-completed');
    expect(order).toMatchObject({ status: 'completed', type: 'employment' });
    const report = await stack.api('GET', `/v1/orders/${placed.body.id}/report`);
    expect(report.body.normalized.employments.length).toBeGreaterThan(0);
    for (const employment of report.body.normalized.employments) {
      expect(employment).toMatchObject({ pay: null, income: [] });
    }
  });
});
