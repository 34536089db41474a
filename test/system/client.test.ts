import { createVoieClient, verifyDelivery, WebhookVerificationError } from '../../packages/client/src';
import type { OrderRequest } from '../../packages/client/src';
import { eventually, standardWebhookSignature, trueworkOrderBody } from '../kit';
import { TEST_API_KEY, TEST_CALLBACK_SECRET, useStack } from '../support/stack';

const stack = useStack();

describe('the client package (@voie/client)', () => {
  it('places an order, reads it until it completes, and verifies the result event voie delivered', async () => {
    const client = createVoieClient({ baseUrl: stack.apiUrl, apiKey: TEST_API_KEY });
    const body = trueworkOrderBody(stack.receiver.url) as OrderRequest;

    const placed = await client.POST('/v1/orders', { body });
    expect(placed.response.status).toBe(201);
    const id = placed.data!.id;
    expect(placed.data).toMatchObject({ external_id: body.external_id, provider: 'truework' });

    const order = await eventually(
      async () => {
        const read = await client.GET('/v1/orders/{id}', { params: { path: { id } } });
        return read.data?.status === 'completed' ? read.data : undefined;
      },
      { timeoutMs: 30_000, what: 'the order completed' },
    );
    expect(order.applicant.ssn_last4).toBe('0000');

    const delivery = await eventually(
      () => stack.receiver.accepted(id).find((received) => received.body.type === 'order.completed'),
      { timeoutMs: 30_000, what: 'order.completed delivered' },
    );
    const event = verifyDelivery(delivery.headers, delivery.rawBody, TEST_CALLBACK_SECRET);
    expect([event.type, event.data.order.id, event.data.order.status]).toEqual(['order.completed', id, 'completed']);
    expect(event.data.report?.normalized.provider).toBe('truework');

    // A body altered on the way, or signed with another secret, is refused.
    expect(() => verifyDelivery(delivery.headers, delivery.rawBody.replace(id, 'vo_0'), TEST_CALLBACK_SECRET)).toThrow(
      WebhookVerificationError,
    );
    const otherSecret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    expect(() => verifyDelivery(delivery.headers, delivery.rawBody, otherSecret)).toThrow(WebhookVerificationError);
  });

  it('answers an invalid order with the problem, typed, and no order', async () => {
    const client = createVoieClient({ baseUrl: `${stack.apiUrl}/`, apiKey: TEST_API_KEY });
    const body = { ...trueworkOrderBody(stack.receiver.url), external_id: 'not an id' } as OrderRequest;
    const { data, error, response } = await client.POST('/v1/orders', { body });
    expect([response.status, data]).toEqual([400, undefined]);
    expect(error).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'external_id' })] });
  });

  it('verifies a delivery signed as the Standard Webhooks specification says, from fetch or Node headers', () => {
    const rawBody = JSON.stringify({ type: 'order.failed', timestamp: new Date().toISOString(), data: {} });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = standardWebhookSignature(TEST_CALLBACK_SECRET, 'msg_1', timestamp, rawBody);
    const headers = {
      'Webhook-Id': 'msg_1',
      'Webhook-Timestamp': timestamp,
      'Webhook-Signature': `v1,bm9wZQ== ${signature}`,
    };
    expect(verifyDelivery(headers, rawBody, TEST_CALLBACK_SECRET).type).toBe('order.failed');
    expect(verifyDelivery(new Headers(headers), Buffer.from(rawBody), TEST_CALLBACK_SECRET).type).toBe('order.failed');
    // Replayed long after it was signed: refused, whatever the signature.
    const old = String(Math.floor(Date.now() / 1000) - 3600);
    const stale = {
      ...headers,
      'Webhook-Timestamp': old,
      'Webhook-Signature': standardWebhookSignature(TEST_CALLBACK_SECRET, 'msg_1', old, rawBody),
    };
    expect(() => verifyDelivery(stale, rawBody, TEST_CALLBACK_SECRET)).toThrow(WebhookVerificationError);
  });
});
