import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { signDelivery } from '../../activities/delivery';
import { createLogger } from '../../src/logger';
import { checkCallbackUrl, guardedLookup, refuseAddress } from '../../src/net/callback-policy';
import { EncryptionCodec, encryptionKeyFromBase64 } from '../../src/temporal/encryption-codec';

describe('the encryption codec', () => {
  const oldKey = encryptionKeyFromBase64(randomBytes(32).toString('base64'));
  const newKey = encryptionKeyFromBase64(randomBytes(32).toString('base64'));
  const payload = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"ssn":"123-45-6789"}') };

  it('encrypts with the current key and decrypts with any listed one', async () => {
    const [encrypted] = await new EncryptionCodec([oldKey]).encode([payload]);
    expect(Buffer.from(encrypted!.data!).toString('latin1')).not.toContain('123-45-6789');
    expect(Buffer.from(encrypted!.metadata!['encryption-key-id']!).toString()).toBe(oldKey.id);
    const [decrypted] = await new EncryptionCodec([newKey, oldKey]).decode([encrypted!]);
    expect(Buffer.from(decrypted!.data!).toString()).toBe('{"ssn":"123-45-6789"}');
    await expect(new EncryptionCodec([newKey]).decode([encrypted!])).rejects.toThrow(/unknown key/);
  });

  it('refuses tampered ciphertext and passes plain payloads through', async () => {
    const [encrypted] = await new EncryptionCodec([oldKey]).encode([payload]);
    const data = Buffer.from(encrypted!.data!);
    data[20] = data[20]! ^ 1;
    await expect(new EncryptionCodec([oldKey]).decode([{ ...encrypted!, data }])).rejects.toThrow();
    await expect(new EncryptionCodec([oldKey]).decode([payload])).resolves.toEqual([payload]);
  });
});

describe('result delivery signatures', () => {
  it('match the Standard Webhooks reference vector', () => {
    // Test vector from the standard-webhooks specification's reference libraries.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    expect(signDelivery(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body)).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('verify with the reference library as an LOS does, and fail once the body changes', () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ type: 'order.completed' });
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signDelivery(secret, 'msg_1', timestamp, body),
    };
    expect(new Webhook(secret).verify(body, headers)).toEqual({ type: 'order.completed' });
    expect(() => new Webhook(secret).verify(body.replace('completed', 'failed'), headers)).toThrow(
      WebhookVerificationError,
    );
  });
});

describe('the callback policy', () => {
  it.each([
    ['169.254.169.254', 'private'],
    ['10.0.0.1', 'loopback'],
    ['192.168.1.1', 'public'],
    ['::ffff:10.1.1.1', 'public'],
    ['fd00::1', 'public'],
    ['127.0.0.1', 'public'],
    ['0.0.0.0', 'private'],
  ] as const)('refuses %s when the policy allows only %s', (address, networks) => {
    expect(refuseAddress(address, networks)).toBeDefined();
  });

  it.each([
    ['93.184.216.34', 'public'],
    ['127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
  ] as const)('allows %s under %s', (address, networks) => expect(refuseAddress(address, networks)).toBeUndefined());

  it('resolves names and enforces https in production', async () => {
    expect(await checkCallbackUrl('http://localhost:4000/x', { networks: 'public', requireHttps: false })).toMatch(
      /loopback/,
    );
    expect(
      await checkCallbackUrl('http://localhost:4000/x', { networks: 'loopback', requireHttps: false }),
    ).toBeUndefined();
    expect(await checkCallbackUrl('http://93.184.216.34/x', { networks: 'public', requireHttps: true })).toMatch(
      /https/,
    );
    expect(
      await checkCallbackUrl('https://user:pw@93.184.216.34/x', { networks: 'public', requireHttps: true }),
    ).toMatch(/credentials/);
  });
});

describe('the connection-time lookup', () => {
  const resolve = (networks: 'public' | 'loopback', all: boolean) =>
    new Promise<{ err: Error | null; address: unknown }>((done) =>
      guardedLookup(networks)('localhost', { all }, (err: NodeJS.ErrnoException | null, address: unknown) =>
        done({ err, address }),
      ),
    );

  it('refuses a name that resolves to a forbidden address at connection time (DNS rebinding)', async () => {
    expect((await resolve('public', true)).err?.message).toMatch(/loopback/);
    expect((await resolve('public', false)).err?.message).toMatch(/loopback/);
  });

  it('passes allowed addresses on in the form the socket asked for', async () => {
    const all = await resolve('loopback', true);
    expect(all.err).toBeNull();
    expect(Array.isArray(all.address)).toBe(true);
    const one = await resolve('loopback', false);
    expect(one.address).toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});

describe('the log', () => {
  it('masks personal data and secrets wherever they sit', () => {
    const lines: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }),
    );
    logger.info(
      { applicant: { ssn: '123-45-6789', date_of_birth: '1990-01-02' }, headers: { authorization: 'Bearer abc' } },
      'placed',
    );
    logger.error(
      { err: new Error('Truework said: SSN 123-45-6789 is not valid') },
      'provider call failed for 987654321',
    );
    const text = lines.join('');
    for (const secret of ['123-45-6789', '1990-01-02', 'Bearer abc', '987654321']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    expect(text).toContain('***-**-****');
  });
});
