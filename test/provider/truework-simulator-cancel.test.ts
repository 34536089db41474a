import { sleep } from '../kit';
import { useTrueworkSimulator, type ErrorJson, type OrderJson } from '../support/truework-simulator-setup';

/** Canceling a Truework order: a parked one, one in progress, one already finished. */
describe('TrueworkSimulator', () => {
  const tw = useTrueworkSimulator();
  const { call, create, getOrder, eventsDelivered } = tw;

  it('parks 000-03-XXXX in action-required until a PUT cancel, which fires webhooks', async () => {
    const order = await create('000-03-0000');
    await tw.sim.idle();
    expect((await getOrder(order.id)).verification_requests[0]?.state.canonical_value).toBe('action-required');
    expect(eventsDelivered()).toEqual(['state:processing', 'state:action-required']);

    const bad = await call('PUT', `/orders/${order.id}/cancel`, { cancellation_reason: 'no-match' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorJson).error.invalid_fields).toHaveProperty('cancellation_reason');

    const res = await call('PUT', `/orders/${order.id}/cancel`, {
      cancellation_reason: 'other',
      cancellation_details: 'auto-cancel: action-required',
    });
    expect(res.status).toBe(200);
    const canceled = (await res.json()) as OrderJson;
    expect(canceled.id).toBe(order.id);
    expect(canceled.loan_id).toBe('LN-42');
    expect(canceled.verification_requests[0]).toMatchObject({
      state: { canonical_value: 'canceled' },
      cancellation_reason: { canonical_value: 'other' },
      cancellation_details: 'auto-cancel: action-required',
    });
    expect(canceled.verification_requests[0]?.date_of_completion).not.toBeNull();
    await tw.sim.idle();
    expect(eventsDelivered()).toEqual([
      'state:processing',
      'state:action-required',
      'state:canceled',
      'order.completed',
    ]);

    // Canceling a finished order answers its current state and changes nothing.
    const again = await call('PUT', `/orders/${order.id}/cancel`, { cancellation_reason: 'immediate' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as OrderJson).verification_requests[0]?.cancellation_reason?.canonical_value).toBe(
      'other',
    );
    await tw.sim.idle();
    expect(tw.receiver.delivered).toHaveLength(4);
    expect((await call('PUT', '/orders/AAAAAAAAnope/cancel', { cancellation_reason: 'other' })).status).toBe(404);
  });

  it('cancels an order still in progress and stops its progression', async () => {
    const order = await create('000-00-0000');
    const res = await call('PUT', `/orders/${order.id}/cancel`, { cancellation_reason: 'immediate' });
    expect(res.status).toBe(200);
    await tw.sim.idle();
    await sleep(150);
    expect((await getOrder(order.id)).verification_requests[0]?.state.canonical_value).toBe('canceled');
    expect(eventsDelivered()).toEqual(['state:canceled', 'order.completed']);
  });
});
