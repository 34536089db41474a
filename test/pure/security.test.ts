import { randomBytes } from 'node:crypto';
import type * as Dns from 'node:dns';
import type * as DnsPromises from 'node:dns/promises';
import { Writable } from 'node:stream';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { signDelivery } from '../../src/callback-secrets';
import { createLogger } from '../../src/logger';
import {
  type AddressReach,
  type CallbackNetworks,
  checkCallbackUrl,
  guardedLookup,
  NON_PUBLIC,
  reachOf,
  refuseAddress,
  resolveHost,
} from '../../src/net/callback-policy';
import { EncryptionCodec, encryptionKeyFromBase64, PLAINTEXT_REFUSED } from '../../src/temporal/encryption-codec';
import { fingerprintOf, IdempotencyKeys } from '../../src/orders/idempotency';
import { cachedResolver } from '../../src/net/cached-resolver';
import { createDeliveryActivities } from '../../activities/delivery';
import type { DeliveryPayload } from '../../src/domain';
import { FieldSealer, isSealed } from '../../src/temporal/field-sealer';
import { FieldSealingCodec } from '../../src/temporal/field-sealing-codec';

// Names under `.test` resolve to what a test sets here (an attacker's DNS); every other name resolves as usual.
const mockNames: Record<string, string[]> = {};
const mockEntries = (host: string) =>
  mockNames[host]?.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
jest.mock('node:dns/promises', () => {
  const actual = jest.requireActual<typeof DnsPromises>('node:dns/promises');
  return {
    ...actual,
    lookup: (host: string, options: object) => {
      const entries = mockEntries(host);
      return entries ? Promise.resolve(entries) : actual.lookup(host, options);
    },
  };
});
jest.mock('node:dns', () => {
  const actual = jest.requireActual<typeof Dns>('node:dns');
  return {
    ...actual,
    lookup: (
      host: string,
      options: Dns.LookupAllOptions,
      callback: (err: NodeJS.ErrnoException | null, addresses: Dns.LookupAddress[]) => void,
    ) => {
      const entries = mockEntries(host);
      return entries ? process.nextTick(callback, null, entries) : actual.lookup(host, options, callback);
    },
  };
});

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

  it("refuses, for the workers, every payload voie's keys did not encrypt, without echoing it", async () => {
    const workers = new EncryptionCodec([newKey, oldKey], { refusePlaintext: true });
    const [encrypted] = await new EncryptionCodec([oldKey]).encode([payload]);
    await expect(workers.decode([encrypted!])).resolves.toHaveLength(1);
    const nullPayload = { metadata: { encoding: Buffer.from('binary/null') } };
    for (const plain of [payload, nullPayload, {}]) {
      const refused = workers.decode([encrypted!, plain]);
      await expect(refused).rejects.toThrow(PLAINTEXT_REFUSED);
      await expect(refused).rejects.not.toThrow(/123-45-6789/);
    }
  });
});

describe('field sealing', () => {
  const oldKey = randomBytes(32).toString('base64');
  const newKey = randomBytes(32).toString('base64');
  const applicant = { first_name: 'Jane', last_name: 'Doe', ssn: '123-45-6789', date_of_birth: '1980-02-03' };
  const request = { external_id: 'x', applicant, employers: [{ name: 'Acme' }] };
  const json = (value: unknown) => ({
    metadata: { encoding: Buffer.from('json/plain') },
    data: Buffer.from(JSON.stringify(value)),
  });
  const text = (payload: { data?: Uint8Array | null }) => Buffer.from(payload.data ?? []).toString('utf8');

  it('seals the SSN and date of birth of every applicant in a payload, which only a field key unseals', async () => {
    const sealer = FieldSealer.fromBase64([oldKey]);
    const codec = new FieldSealingCodec(sealer);
    const [sealed] = await codec.encode([
      json({ request, nested: [{ applicant: { ...applicant, ssn: '987-65-4321' } }] }),
    ]);
    expect(text(sealed!)).not.toMatch(/123-45-6789|987-65-4321|1980-02-03/);
    expect(await codec.decode([sealed!])).toEqual([sealed]);
    const value = JSON.parse(text(sealed!)) as { request: typeof request; nested: { applicant: typeof applicant }[] };
    expect(isSealed(value.request.applicant.ssn)).toBe(true);
    expect(value.request.applicant.first_name).toBe('Jane');
    // Rotation: a retired key still unseals; a stranger's key does not.
    const rotated = FieldSealer.fromBase64([newKey, oldKey]);
    expect(rotated.unsealRequest(value.request as never).applicant).toEqual(applicant);
    expect(rotated.unseal('ssn', value.nested[0]!.applicant.ssn)).toBe('987-65-4321');
    expect(() => FieldSealer.fromBase64([newKey]).unseal('ssn', value.request.applicant.ssn)).toThrow(
      /unknown field key/,
    );
    // A sealed date of birth does not pass for an SSN, nor does a tampered seal unseal.
    expect(() => sealer.unseal('ssn', value.request.applicant.date_of_birth)).toThrow();
    const seal = value.request.applicant.ssn;
    const at = seal.length - 10;
    const tampered = `${seal.slice(0, at)}${seal[at] === 'A' ? 'B' : 'A'}${seal.slice(at + 1)}`;
    expect(() => sealer.unseal('ssn', tampered)).toThrow();
  });

  it("keys an order body's fingerprint (kept in the memo, which operators read) with the field key", () => {
    const body = { external_id: 'x', applicant };
    const keyed = new IdempotencyKeys([oldKey]).fingerprint(body);
    // The plain hash would give the SSN away to guessing: the keyed one is not it, yet still matches it (old orders).
    expect(keyed.value).not.toBe(fingerprintOf(body));
    expect(keyed.matches(fingerprintOf(body))).toBe(true);
    expect(new IdempotencyKeys([newKey, oldKey]).fingerprint(body).matches(keyed.value)).toBe(true);
    expect(new IdempotencyKeys([newKey]).fingerprint(body).matches(keyed.value)).toBe(false);
    expect(new IdempotencyKeys([oldKey]).fingerprint({ ...body, external_id: 'y' }).matches(keyed.value)).toBe(false);
  });

  it('derives its keys once, and names and fingerprints orders as it did when it derived them for every POST', () => {
    // Pinned values, computed by the code that derived the keys for every POST: an order placed then keeps its id
    // and its fingerprint.
    const keys = new IdempotencyKeys([Buffer.alloc(32, 8).toString('base64'), Buffer.alloc(32, 9).toString('base64')]);
    expect(keys.orderIds('acme', 'ext-1')).toEqual(['vo_715761ba8c2cd557e3d50b8b', 'vo_dd864d2c6b0da1c5afca0654']);
    expect(keys.fingerprint({ external_id: 'x', applicant: { first_name: 'Jane', ssn: '123-45-6789' } }).value).toBe(
      'k-2578ccf8645b:ecc02fb907dd0f690f8d4ea55bd4ff7b8535001cc9f5b0b93cd567bd186b5ea8',
    );
  });

  it('leaves payloads without plain identifiers as they are, and seals each value once', async () => {
    const codec = new FieldSealingCodec(FieldSealer.fromBase64([oldKey]));
    const other = json({ applicant: { first_name: 'Jane', ssn_last4: '6789' } });
    const binary = { metadata: { encoding: Buffer.from('binary/plain') }, data: Buffer.from('"ssn":"123-45-6789"') };
    expect(await codec.encode([other, binary])).toEqual([other, binary]);
    const [once] = await codec.encode([json({ applicant })]);
    expect(await codec.encode([once!])).toEqual([once]);
    // A plain value (an order placed before sealing) reads as it is.
    expect(FieldSealer.fromBase64([oldKey]).unseal('ssn', '123-45-6789')).toBe('123-45-6789');
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
  const modes = ['public', 'loopback', 'private'] as const;
  const allowedIn = (reach: AddressReach) =>
    modes.filter(
      (mode) =>
        reach === 'public' ||
        (reach === 'loopback' && mode !== 'public') ||
        (reach === 'private' && mode === 'private'),
    );

  // Each address with what it reaches: `never` is refused in every mode, `private` only allowed in `private` mode,
  // `loopback` allowed in `loopback` and `private` modes.
  const corpus: [address: string, reach: AddressReach][] = [
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.254', 'private'],
    ['fd00::1', 'private'],
    ['::ffff:10.1.1.1', 'private'],
    ['0.0.0.0', 'never'],
    ['0.1.2.3', 'never'],
    ['169.254.0.1', 'never'],
    ['192.0.0.8', 'never'],
    ['192.0.0.170', 'never'],
    ['192.0.2.1', 'never'],
    ['198.18.0.1', 'never'],
    ['198.19.255.255', 'never'],
    ['224.0.0.1', 'never'],
    ['255.255.255.255', 'never'],
    ['::', 'never'],
    ['::7f00:1', 'never'],
    ['::a9fe:a9fe', 'never'],
    ['::5db8:d822', 'never'],
    ['::ffff:169.254.169.254', 'never'],
    ['::ffff:a9fe:a9fe', 'never'],
    ['::ffff:0.0.0.0', 'never'],
    ['::ffff:0:7f00:1', 'never'],
    ['64:ff9b::7f00:1', 'never'],
    ['64:ff9b::a9fe:a9fe', 'never'],
    ['64:ff9b::5db8:d822', 'never'],
    ['64:ff9b:1::a00:1', 'never'],
    ['2002:7f00:1::1', 'never'],
    ['2002:5db8:d822::1', 'never'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'never'],
    ['2001:db8::1', 'never'],
    ['fec0::1', 'never'],
    ['fe80::1', 'never'],
    ['fe80::1%eth0', 'never'],
    ['ff02::1', 'never'],
    ['169.254.169.254', 'never'],
    ['fd00:ec2::254', 'never'],
    ['100.100.100.200', 'never'],
    ['168.63.129.16', 'never'],
    ['93.184.216.34', 'public'],
    ['8.8.8.8', 'public'],
    ['::ffff:93.184.216.34', 'public'],
    ['2606:2800:220:1:248:1893:25c8:1946', 'public'],
    ['2001:4860:4860::8888', 'public'],
  ];

  describe.each(corpus)('%s (%s)', (address, reach) => {
    it('is classified as such', () => expect(reachOf(address)).toBe(reach));
    it.each(modes)('is allowed or refused as its reach says under %s', (mode) =>
      expect(refuseAddress(address, mode)).toBe(allowedIn(reach).includes(mode) ? undefined : NON_PUBLIC),
    );
  });

  it.each([
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://017700000001/', 'loopback'],
    ['http://0x7f000001/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://127.0.0.1./', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://[::ffff:7f00:1]/', 'loopback'],
    ['http://[0:0:0:0:0:ffff:7f00:1]/', 'loopback'],
    ['http://0/', 'never'],
    ['http://2852039166/latest/meta-data', 'never'],
    ['http://0xa9fea9fe/', 'never'],
    ['http://0251.0376.0251.0376/', 'never'],
    ['http://169.254.169.254./', 'never'],
    ['http://[::ffff:169.254.169.254]/', 'never'],
    ['http://[::127.0.0.1]/', 'never'],
    ['http://[64:ff9b::169.254.169.254]/', 'never'],
    ['http://[2002:a9fe:a9fe::]/', 'never'],
    ['http://[fd00:ec2::254]/', 'never'],
    ['http://[FEC0::1]/', 'never'],
    ['http://1684301000/', 'never'], // 100.100.100.200
    ['http://0xa83f8110/', 'never'], // 168.63.129.16
    ['http://0xa000001/', 'private'],
    ['http://93.184.216.34/', 'public'],
    ['http://[2606:2800:220:1:248:1893:25c8:1946]/', 'public'],
  ] as const)('judges the URL %s by the address it names (%s) in every mode', async (url, reach) => {
    for (const mode of modes) {
      expect(await checkCallbackUrl(url, { networks: mode, requireHttps: false })).toBe(
        allowedIn(reach).includes(mode) ? undefined : NON_PUBLIC,
      );
    }
  });

  it('resolves names and enforces https in production', async () => {
    expect(await checkCallbackUrl('http://localhost:4000/x', { networks: 'public', requireHttps: false })).toBe(
      NON_PUBLIC,
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

  const nonPublic = corpus.filter(([address, reach]) => reach !== 'public' && !address.includes('%'));

  it.each(nonPublic)(
    'judges a name that resolves to %s (%s) like the address in every mode, without naming the address',
    async (address, reach) => {
      mockNames['los.attacker.test'] = [address];
      for (const mode of modes) {
        const refusal = await checkCallbackUrl('http://los.attacker.test/hooks', {
          networks: mode,
          requireHttps: false,
        });
        expect(refusal).toBe(allowedIn(reach).includes(mode) ? undefined : NON_PUBLIC);
        expect(refusal ?? '').not.toContain(address);
      }
    },
  );

  it('refuses a name with any forbidden address among public ones, and names none of them', async () => {
    mockNames['los.attacker.test'] = ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '10.1.2.3'];
    const refusal = await checkCallbackUrl('https://los.attacker.test/hooks', {
      networks: 'public',
      requireHttps: true,
    });
    expect(refusal).toBe('points at a non-public address');
    for (const text of ['10.1.2.3', '93.184.216.34', 'private', 'loopback']) expect(refusal).not.toContain(text);
    mockNames['los.attacker.test'] = ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'];
    expect(
      await checkCallbackUrl('https://los.attacker.test/hooks', { networks: 'public', requireHttps: true }),
    ).toBeUndefined();
  });
});

describe('the connection-time lookup', () => {
  const resolve = (networks: CallbackNetworks, all: boolean, hostname = 'localhost') =>
    new Promise<{ err: Error | null; address: unknown }>((done) =>
      guardedLookup(networks)(hostname, { all }, (err: NodeJS.ErrnoException | null, address: unknown) =>
        done({ err, address }),
      ),
    );

  it('refuses a name that resolves to a forbidden address at connection time (DNS rebinding)', async () => {
    expect((await resolve('public', true)).err?.message).toBe(`callback_url refused: ${NON_PUBLIC}`);
    expect((await resolve('public', false)).err?.message).toBe(`callback_url refused: ${NON_PUBLIC}`);
  });

  it.each(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '168.63.129.16', '64:ff9b::a9fe:a9fe'])(
    'refuses a name rebound to %s in every mode without naming it',
    async (address) => {
      mockNames['rebound.attacker.test'] = ['93.184.216.34', address];
      for (const mode of ['public', 'loopback', 'private'] as const) {
        const { err } = await resolve(mode, false, 'rebound.attacker.test');
        expect(err?.message).toBe(`callback_url refused: ${NON_PUBLIC}`);
        expect(err?.message).not.toContain(address);
      }
    },
  );

  it('passes allowed addresses on in the form the socket asked for', async () => {
    const all = await resolve('loopback', true);
    expect(all.err).toBeNull();
    expect(Array.isArray(all.address)).toBe(true);
    const one = await resolve('loopback', false);
    expect(one.address).toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});

describe("placement's cached lookup", () => {
  const url = 'https://los.rebinding.test/hooks';
  const policy = { networks: 'public', requireHttps: true } as const;

  it('keeps a public answer a while, yet the delivery refuses the name as soon as it resolves to a private address', async () => {
    let now = 0;
    const placementResolve = cachedResolver(resolveHost, { ttlMs: 30_000, now: () => now });
    mockNames['los.rebinding.test'] = ['93.184.216.34'];
    expect(await checkCallbackUrl(url, policy, placementResolve)).toBeUndefined();
    mockNames['los.rebinding.test'] = ['10.1.2.3'];
    // Placement still judges the answer it kept; the delivery looks again before each attempt, and refuses.
    expect(await checkCallbackUrl(url, policy, placementResolve)).toBeUndefined();
    const delivery = createDeliveryActivities({
      callbackSecrets: { fallback: 'whsec_test', tenants: {} },
      callbackPolicy: policy,
    });
    const outcome = await delivery.deliverResult({
      url,
      webhookId: 'msg_rebinding',
      payload: { type: 'order.completed' } as unknown as DeliveryPayload,
    });
    expect(outcome).toEqual({ kind: 'failed', status: null, error: `callback_url refused: ${NON_PUBLIC}` });
    // Once the answer is old, placement refuses it too.
    now = 30_000;
    expect(await checkCallbackUrl(url, policy, placementResolve)).toBe(NON_PUBLIC);
  });

  it('keeps addresses, not verdicts: each check judges them by its own policy', async () => {
    const placementResolve = cachedResolver(resolveHost);
    mockNames['los.loopback.test'] = ['127.0.0.1'];
    const check = (networks: CallbackNetworks) =>
      checkCallbackUrl('http://los.loopback.test/hooks', { networks, requireHttps: false }, placementResolve);
    expect(await check('loopback')).toBeUndefined();
    expect(await check('public')).toBe(NON_PUBLIC);
  });

  it('keeps no failed lookup, shares one lookup among concurrent ones, and drops the oldest host past its bound', async () => {
    const asked: string[] = [];
    let failing = true;
    const placementResolve = cachedResolver(
      (host) => {
        asked.push(host);
        return failing ? Promise.reject(new Error('ENOTFOUND')) : Promise.resolve(['93.184.216.34']);
      },
      { maxHosts: 2 },
    );
    await expect(placementResolve('a.test')).rejects.toThrow('ENOTFOUND');
    failing = false;
    await Promise.all([placementResolve('a.test'), placementResolve('a.test')]);
    expect(asked).toEqual(['a.test', 'a.test']);
    await placementResolve('b.test');
    await placementResolve('c.test');
    await placementResolve('b.test');
    await placementResolve('a.test');
    expect(asked).toEqual(['a.test', 'a.test', 'b.test', 'c.test', 'a.test']);
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
