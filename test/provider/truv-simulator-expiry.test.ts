import { TruvSimulator } from '../../dev/simulators/truv/simulator';
import { orderBody, SECRET, useTruvSimulator, type OrderJson } from '../support/truv-simulator-setup';

/** The Truv simulator's expiry of an order left idle. */
describe('TruvSimulator', () => {
  const truv = useTruvSimulator();

  it('expires an idle order after expireAfterMs, and a completed one stays completed', async () => {
    const expiring = await TruvSimulator.start({
      secret: SECRET,
      webhookUrl: truv.receiver.url,
      // The Success journey's fifteen-odd steps end long before the idle order expires, even on a busy machine.
      stepDelayMs: 1,
      expireAfterMs: 1_500,
    });
    try {
      const headers = {
        'X-Access-Client-Id': 'any-client',
        'X-Access-Secret': SECRET,
        'content-type': 'application/json',
      };
      const post = (firstName: string) =>
        fetch(`${expiring.baseUrl}/v1/orders/`, {
          method: 'POST',
          headers,
          body: JSON.stringify(orderBody(firstName)),
        }).then((res) => res.json() as Promise<OrderJson>);
      const idle = await post('Idle');
      const success = await post('Success');
      await expiring.idle();
      const read = (id: string) =>
        fetch(`${expiring.baseUrl}/v1/orders/${id}/`, { headers }).then((res) => res.json() as Promise<OrderJson>);
      const expired = await read(idle.id);
      expect(expired.is_expired).toBe(true);
      expect(expired.employers[0]?.status).toBe('expired');
      const completed = await read(success.id);
      expect(completed.is_expired).toBe(false);
      expect(completed.employers[0]?.status).toBe('completed');
      const idleEvents = truv.receiver.delivered
        .filter((d) => d.body.order_id === idle.id)
        .map((d) => `${d.body.event_type}:${d.body.status ?? ''}`);
      expect(idleEvents).toEqual([
        'order-created:pending',
        'order-status-updated:sent',
        'order-status-updated:expired',
        'order-finalized:',
      ]);
    } finally {
      await expiring.close();
    }
  });
});
