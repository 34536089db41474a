import { sleep } from '../kit';
import { useTrueworkSimulator } from '../support/truework-simulator-setup';

/** The Truework simulator's webhook delivery: dropped, duplicated, retried, switched off, stopped on close. */
describe('TrueworkSimulator', () => {
  const tw = useTrueworkSimulator();
  const { create, getOrder, eventsDelivered } = tw;

  it('drops webhooks when asked', async () => {
    tw.sim.setFaults({ dropWebhooks: true });
    const order = await create('000-00-0000');
    await tw.sim.idle();
    expect(tw.receiver.delivered).toEqual([]);
    expect((await getOrder(order.id)).verification_requests[0]?.state.canonical_value).toBe('completed');
  });

  it('duplicates webhooks when asked, with identical bodies', async () => {
    tw.sim.setFaults({ duplicateWebhooks: true, webhookDelayMs: 10 });
    await create('000-00-0000');
    await tw.sim.idle();
    expect(eventsDelivered()).toEqual([
      'state:processing',
      'state:processing',
      'state:completed',
      'state:completed',
      'order.completed',
      'order.completed',
    ]);
    expect(tw.receiver.delivered[0]?.body).toEqual(tw.receiver.delivered[1]?.body);
  });

  it('retries a failed webhook delivery', async () => {
    tw.receiver.answerWith(500, 500);
    await create('000-01-0000');
    await tw.sim.idle();
    expect(eventsDelivered()).toEqual(['state:processing', 'state:canceled', 'order.completed']);
  });

  it('sends no webhooks once the webhook URL is unset', async () => {
    tw.sim.setWebhookUrl(undefined);
    await create('000-00-0000');
    await tw.sim.idle();
    expect(tw.receiver.delivered).toEqual([]);
  });

  it('stops progressing and delivering after close()', async () => {
    await create('000-00-0000');
    await tw.sim.close();
    await tw.sim.idle();
    await sleep(200);
    expect(tw.receiver.delivered).toEqual([]);
  });
});
