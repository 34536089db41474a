import { sleep } from '../kit';
import { SUCCESS_JOURNEY, useTruvSimulator, type ErrorJson, type OrderJson } from '../support/truv-simulator-setup';

/** Canceling a Truv order: an idle one, one whose journey is under way, one already canceled. */
describe('TruvSimulator', () => {
  const truv = useTruvSimulator();
  const { call, create, getOrder, eventsDelivered, checkDeliveries } = truv;

  it('leaves an Idle order sent until it is canceled; canceling again is refused', async () => {
    const order = await create('Idle');
    await truv.sim.idle();
    expect(eventsDelivered()).toEqual(['order-created:pending', 'order-status-updated:sent']);
    expect((await getOrder(order.id)).employers[0]?.status).toBe('sent');

    const res = await call('POST', `/v1/orders/${order.id}/cancel/`);
    expect(res.status).toBe(200);
    const canceled = (await res.json()) as OrderJson;
    expect(canceled.canceled_at).not.toBeNull();
    expect(canceled.employers[0]?.status).toBe('canceled');
    await truv.sim.idle();
    expect(eventsDelivered()).toEqual([
      'order-created:pending',
      'order-status-updated:sent',
      'order-status-updated:canceled',
      'order-finalized',
    ]);
    checkDeliveries(order);

    const again = await call('POST', `/v1/orders/${order.id}/cancel/`);
    expect(again.status).toBe(400);
    expect(((await again.json()) as ErrorJson).error.code).toBe('incorrect_parameters');
    expect((await call('POST', `/v1/orders/${'0'.repeat(32)}/cancel/`)).status).toBe(404);
  });

  it('stops a journey in progress when the order is canceled', async () => {
    const order = await create('Success');
    const res = await call('POST', `/v1/orders/${order.id}/cancel/`);
    expect(res.status).toBe(200);
    await truv.sim.idle();
    await sleep(150);
    // On a loaded machine the journey's first 30 ms steps may run before the cancel lands; none runs after it.
    const events = eventsDelivered();
    const beforeCancel = events.slice(0, -2);
    expect(events.slice(-2)).toEqual(['order-status-updated:canceled', 'order-finalized']);
    expect(beforeCancel).toEqual(SUCCESS_JOURNEY.slice(0, beforeCancel.length));
    expect(beforeCancel.length).toBeLessThan(SUCCESS_JOURNEY.length);
    expect((await getOrder(order.id)).employers[0]?.status).toBe('canceled');
  });
});
