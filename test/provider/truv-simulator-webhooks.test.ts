import { sleep } from '../kit';
import { useTruvSimulator } from '../support/truv-simulator-setup';

/** The Truv simulator's webhook delivery: dropped, duplicated, retried, switched off, stopped on close. */
describe('TruvSimulator', () => {
  const truv = useTruvSimulator();
  const { create, getOrder, eventsDelivered } = truv;

  it('drops webhooks when asked', async () => {
    truv.sim.setFaults({ dropWebhooks: true });
    const order = await create('Success');
    await truv.sim.idle();
    expect(truv.receiver.delivered).toEqual([]);
    expect((await getOrder(order.id)).employers[0]?.status).toBe('completed');
  });

  it('duplicates webhooks when asked, with identical bodies and signatures', async () => {
    truv.sim.setFaults({ duplicateWebhooks: true, webhookDelayMs: 5 });
    await create('Idle');
    await truv.sim.idle();
    expect(eventsDelivered()).toEqual([
      'order-created:pending',
      'order-created:pending',
      'order-status-updated:sent',
      'order-status-updated:sent',
    ]);
    expect(truv.receiver.delivered[0]?.rawBody).toBe(truv.receiver.delivered[1]?.rawBody);
    expect(truv.receiver.delivered[0]?.headers['x-webhook-sign']).toBe(
      truv.receiver.delivered[1]?.headers['x-webhook-sign'],
    );
  });

  it('retries a failed webhook delivery', async () => {
    truv.receiver.answerWith(500, 500);
    await create('Idle');
    await truv.sim.idle();
    expect(eventsDelivered()).toEqual(['order-created:pending', 'order-status-updated:sent']);
  });

  it('sends no webhooks once the webhook URL is unset', async () => {
    truv.sim.setWebhookUrl(undefined);
    await create('Success');
    await truv.sim.idle();
    expect(truv.receiver.delivered).toEqual([]);
  });

  it('stops progressing and delivering after close()', async () => {
    truv.receiver.answerWith(...Array<number>(100).fill(500));
    await create('Success');
    await truv.sim.close();
    await truv.sim.idle();
    truv.receiver.answerWith();
    await sleep(200);
    expect(truv.receiver.delivered).toEqual([]);
  });
});
