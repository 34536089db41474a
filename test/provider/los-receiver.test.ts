import { CallbackReceiver, standardWebhookSignature } from '../kit';

/** A delivery as voie POSTs it, signed with `secret`. */
function post(url: string, secret: string, body: string): Promise<Response> {
  const id = 'msg_1';
  const timestamp = '1614265330';
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      // A rotated secret signs twice; one matching entry is enough.
      'webhook-signature': `v1,bm90LXRoaXMtb25l ${standardWebhookSignature(secret, id, timestamp, body)}`,
    },
    body,
  });
}

const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const body = JSON.stringify({ type: 'order.completed', data: { order: { id: 'vo_1', status: 'completed' } } });

describe("the kit's LOS receiver", () => {
  it('signs as the Standard Webhooks reference vector does', () => {
    // The specification's reference libraries' vector (voie's own signer is held to it in test/pure/security).
    const signature = standardWebhookSignature(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      '1614265330',
      '{"test": 2432232314}',
    );
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('takes a delivery signed with its secret and answers 401 to one signed with another', async () => {
    const receiver = await CallbackReceiver.start(secret);
    try {
      expect((await post(receiver.url, secret, body)).status).toBe(200);
      expect((await post(receiver.url, `whsec_${Buffer.alloc(32, 8).toString('base64')}`, body)).status).toBe(401);
      expect(receiver.received.map((delivery) => delivery.status)).toEqual([200, 401]);
      expect(receiver.accepted('vo_1')).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('takes any delivery when it was given no secret', async () => {
    const receiver = await CallbackReceiver.start();
    try {
      expect((await post(receiver.url, secret, body)).status).toBe(200);
    } finally {
      await receiver.close();
    }
  });
});
