import { Webhook } from 'standardwebhooks';
import { createDeliveryActivities } from '../../activities/delivery';
import type { DeliveryPayload } from '../../src/domain';
import { WebhookReceiver, type DeliveryBody, type ReceivedDelivery } from '../kit';

const secret = (fill: number) => `whsec_${Buffer.alloc(32, fill).toString('base64')}`;
const fallback = secret(1);
const acmeOld = secret(2);
const acmeNew = secret(3);
const globex = secret(4);

const activities = createDeliveryActivities({
  callbackSecrets: { fallback, tenants: { acme: [acmeOld, acmeNew], globex: [globex] } },
  callbackPolicy: { networks: 'loopback', requireHttps: false },
});

// The activity only serializes the payload: a delivery's outline is enough to be signed and verified.
const payload = {
  type: 'order.completed',
  timestamp: new Date().toISOString(),
  data: { order: { id: 'vo_1', status: 'completed' } },
} as unknown as DeliveryPayload;

let receiver: WebhookReceiver<DeliveryBody>;
beforeAll(async () => {
  receiver = await WebhookReceiver.listenOn<DeliveryBody>('/hooks/voie');
});
afterAll(() => receiver.close());

/** Delivers through the activity, as the worker does, and returns what the LOS received. */
async function deliver(tenant: string | undefined): Promise<ReceivedDelivery> {
  const webhookId = `msg_${receiver.received.length + 1}`;
  const outcome = await activities.deliverResult({
    url: receiver.url,
    webhookId,
    payload,
    ...(tenant === undefined ? {} : { tenant }),
  });
  expect(outcome).toEqual({ kind: 'delivered', status: 200 });
  return receiver.received.find((delivery) => delivery.headers['webhook-id'] === webhookId)!;
}

/** Whether the LOS holding `key` accepts the delivery, verifying it with the Standard Webhooks library. */
function verifies(delivery: ReceivedDelivery, key: string): boolean {
  const headers = Object.fromEntries(
    ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(delivery.headers[name])]),
  );
  try {
    new Webhook(key).verify(delivery.rawBody, headers);
    return true;
  } catch {
    return false;
  }
}

describe('callback secrets per tenant', () => {
  it('sign a tenant with two secrets twice, so the LOS verifies with either while it rotates', async () => {
    const delivery = await deliver('acme');
    const signatures = String(delivery.headers['webhook-signature']).split(' ');
    expect(signatures).toHaveLength(2);
    expect(signatures.every((signature) => /^v1,[A-Za-z0-9+/]+=*$/.test(signature))).toBe(true);
    expect(verifies(delivery, acmeOld)).toBe(true);
    expect(verifies(delivery, acmeNew)).toBe(true);
    expect(verifies(delivery, fallback)).toBe(false);
    expect(verifies(delivery, globex)).toBe(false);
  });

  it("sign a tenant with its one secret, never another tenant's", async () => {
    const delivery = await deliver('globex');
    expect(String(delivery.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifies(delivery, globex)).toBe(true);
    for (const other of [fallback, acmeOld, acmeNew]) expect(verifies(delivery, other)).toBe(false);
  });

  it.each([
    ['a tenant without secrets of its own', 'initech'],
    ['an order without a tenant (default)', undefined],
    ["a tenant named as an object's own property", 'constructor'],
  ])('sign %s with VOIE_CALLBACK_SECRET alone', async (_case, tenant) => {
    const delivery = await deliver(tenant);
    expect(String(delivery.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifies(delivery, fallback)).toBe(true);
    for (const other of [acmeOld, acmeNew, globex]) expect(verifies(delivery, other)).toBe(false);
  });
});
