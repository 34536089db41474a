import { ConfigError, loadConfig } from '../../src/config';
import { parseDuration } from '../../src/duration';
import { configuredProviders } from '../../src/commands/runtime';

describe('durations', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['6h', 21_600_000],
    ['7d', 604_800_000],
    ['PT15M', 900_000],
    ['P7D', 604_800_000],
    ['P1DT12H', 129_600_000],
    ['pt30s', 30_000],
  ])('reads %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '15', 'soon', 'P', 'PT', '0s', '-5m', '5 m', 'P1Y', 'PT0S', 'P1DT', '0.0001s', '999999d'])(
    'refuses %p',
    (text) => expect(parseDuration(text)).toBeUndefined(),
  );
});

describe('the configuration', () => {
  it('has the contract defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      temporal: { namespace: 'default', uiPort: 8233 },
      dataDir: '.data',
      apiKeys: [],
      pollIntervalMs: 900_000,
      pollIntervalMaxMs: 21_600_000,
      orderDeadlineMs: 604_800_000,
      reverifyWindowMs: 120 * 86_400_000,
      workflowCacheSize: 500,
      callbackNetworks: 'loopback',
      production: false,
    });
    expect(Object.isFrozen(config.truework)).toBe(true);
  });

  it('reads lists and production mode', () => {
    const config = loadConfig({ VOIE_API_KEYS: 'a, b,,c', NODE_ENV: 'production' });
    expect(config.apiKeys.map((entry) => entry.key)).toEqual(['a', 'b', 'c']);
    expect(config.callbackNetworks).toBe('public');
  });

  it("reads each API key's tenant: TENANT:KEY, a bare key the default's, several keys of one tenant", () => {
    const config = loadConfig({ VOIE_API_KEYS: 'bare-key,acme:acme-1,acme:acme-2,b-2:k:with:colons' });
    expect(config.apiKeys).toEqual([
      { tenant: 'default', key: 'bare-key' },
      { tenant: 'acme', key: 'acme-1' },
      { tenant: 'acme', key: 'acme-2' },
      { tenant: 'b-2', key: 'k:with:colons' },
    ]);
  });

  it.each([
    ['Acme:key', 'item 1: the tenant'],
    ['ok,acme:', 'item 2: the tenant'],
    [`${'t'.repeat(33)}:key`, 'item 1: the tenant'],
    ['acme:dup-key-9,bravo:dup-key-9', 'item 2: the same key is listed twice'],
  ])('refuses VOIE_API_KEYS=%s naming the item, never the key', (value, message) => {
    let error: unknown;
    try {
      loadConfig({ VOIE_API_KEYS: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`VOIE_API_KEYS: ${message}`);
    expect((error as Error).message).not.toMatch(/dup-key-9|Acme:key/);
  });

  it('requires the credentials of a provider given a base URL', () => {
    expect(() => loadConfig({ TRUEWORK_BASE_URL: 'https://api.truework-sandbox.com' })).toThrow(
      /TRUEWORK_API_KEY: required when TRUEWORK_BASE_URL is set[\s\S]*TRUEWORK_WEBHOOK_TOKEN/,
    );
    expect(() => loadConfig({ TRUV_BASE_URL: 'https://prod.truv.com', TRUV_CLIENT_ID: 'id' })).toThrow(
      /TRUV_SECRET: required/,
    );
  });

  it('names every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'http',
        VOIE_POLL_INTERVAL: 'often',
        VOIE_ENCRYPTION_KEY: 'c2hvcnQ=',
        VOIE_FIELD_KEY: 'c2hvcnQ=',
        VOIE_CALLBACK_SECRET: 'plain',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const variable of [
      'PORT',
      'VOIE_POLL_INTERVAL',
      'VOIE_ENCRYPTION_KEY',
      'VOIE_FIELD_KEY',
      'VOIE_CALLBACK_SECRET',
    ]) {
      expect(message).toContain(variable);
    }
  });

  it('bounds the defaults of the order options as the options are bounded, naming the variable', () => {
    expect(loadConfig({ VOIE_POLL_INTERVAL: '1s', VOIE_ORDER_DEADLINE: '90d' })).toMatchObject({
      pollIntervalMs: 1_000,
      orderDeadlineMs: 90 * 86_400_000,
    });
    expect(loadConfig({ VOIE_POLL_INTERVAL: '24h', VOIE_ORDER_DEADLINE: '1m' })).toMatchObject({
      pollIntervalMs: 86_400_000,
      orderDeadlineMs: 60_000,
    });
    for (const [variable, value, bounds] of [
      ['VOIE_POLL_INTERVAL', '0.999s', '1s and 24h'],
      ['VOIE_POLL_INTERVAL', '86400.001s', '1s and 24h'],
      ['VOIE_ORDER_DEADLINE', '59.999s', '1m and 90d'],
      ['VOIE_ORDER_DEADLINE', '90.001d', '1m and 90d'],
    ] as const) {
      expect(() => loadConfig({ [variable]: value })).toThrow(`${variable}: must be between ${bounds}`);
    }
  });

  it('reads the re-verification clock: business days before closing and the lender’s time zone', () => {
    expect(loadConfig({})).toMatchObject({ reverifyBusinessDays: 5, timeZone: 'America/New_York' });
    expect(loadConfig({ VOIE_REVERIFY_BUSINESS_DAYS: '10', VOIE_TIMEZONE: 'America/Chicago' })).toMatchObject({
      reverifyBusinessDays: 10,
      timeZone: 'America/Chicago',
    });
    for (const env of [
      { VOIE_TIMEZONE: 'Mars/Olympus' },
      { VOIE_REVERIFY_BUSINESS_DAYS: '0' },
      { VOIE_REVERIFY_BUSINESS_DAYS: '2.5' },
    ]) {
      expect(() => loadConfig(env)).toThrow(new RegExp(Object.keys(env)[0]!));
    }
  });
});

describe('the callback secrets', () => {
  const secret = (bytes: number, fill = 1) => `whsec_${Buffer.alloc(bytes, fill).toString('base64')}`;

  /** The ConfigError's message for `env`, which must be refused. */
  function refusal(env: NodeJS.ProcessEnv): string {
    try {
      loadConfig(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('the configuration was accepted');
  }

  it('reads TENANT:whsec_… items into each tenant’s secrets, in the order given', () => {
    const [acmeOld, acmeNew, globex] = [secret(32, 2), secret(32, 3), secret(24, 4)];
    const config = loadConfig({
      VOIE_CALLBACK_SECRET: secret(32),
      VOIE_CALLBACK_SECRETS: ` acme:${acmeOld}, globex:${globex},,acme:${acmeNew} `,
    });
    expect(config.callbackSecret).toBe(secret(32));
    expect(config.callbackSecrets).toEqual({ acme: [acmeOld, acmeNew], globex: [globex] });
    expect(Object.isFrozen(config.callbackSecrets.acme)).toBe(true);
    expect(loadConfig({}).callbackSecrets).toEqual({});
  });

  it('accepts a key of 24 bytes and refuses one of 23, naming the variable', () => {
    expect(loadConfig({ VOIE_CALLBACK_SECRET: secret(24) }).callbackSecret).toBe(secret(24));
    expect(loadConfig({ VOIE_CALLBACK_SECRETS: `acme:${secret(24)}` }).callbackSecrets).toEqual({
      acme: [secret(24)],
    });
    expect(refusal({ VOIE_CALLBACK_SECRET: secret(23) })).toContain(
      'VOIE_CALLBACK_SECRET: the key after whsec_ must be at least 24 bytes (base64-decoded)',
    );
    expect(refusal({ VOIE_CALLBACK_SECRETS: `acme:${secret(23)}` })).toContain(
      'VOIE_CALLBACK_SECRETS: item 1 (tenant acme): the key after whsec_ must be at least 24 bytes',
    );
  });

  it("reads a bare secret as the default tenant's, as a bare API key is", () => {
    const [one, two] = [secret(32, 1), secret(32, 2)];
    expect(loadConfig({ VOIE_CALLBACK_SECRETS: `${one},default:${two}` }).callbackSecrets).toEqual({
      default: [one, two],
    });
  });

  it('refuses short and malformed secrets by the item’s position, never printing the secret', () => {
    for (const short of ['whsec_QQ==', secret(23, 9)]) {
      const message = refusal({ VOIE_CALLBACK_SECRET: short, VOIE_CALLBACK_SECRETS: `acme:${short}` });
      expect(message).toContain('VOIE_CALLBACK_SECRET: the key after whsec_ must be at least 24 bytes');
      expect(message).toContain('VOIE_CALLBACK_SECRETS: item 1 (tenant acme): the key after whsec_');
      expect(message).not.toContain(short.slice('whsec_'.length));
    }
    const good = secret(32, 5);
    const items = [
      `acme:${good}`,
      `Acme:${good}`, // not a tenant name
      `${'a'.repeat(33)}:${good}`,
      `:${good}`,
      'acme:whsec_', // no key
      `acme:${good.replace('whsec_', '')}`, // no whsec_
      `acme:${good}=`, // not base64
      'acme:whsec_QUJDRA', // unpadded
    ];
    const message = refusal({ VOIE_CALLBACK_SECRETS: items.join(',') });
    for (let position = 2; position <= items.length; position++) {
      expect(message).toContain(`VOIE_CALLBACK_SECRETS: item ${position} `);
    }
    expect(message).not.toContain('item 1 ');
    expect(message).not.toContain(good.slice('whsec_'.length));
    expect(message).not.toContain('QUJDRA');
  });
});

describe('the provider prices', () => {
  it('reads KEY=DOLLARS items, none by default', () => {
    expect(loadConfig({}).providerPrices).toBeUndefined();
    const config = loadConfig({
      VOIE_PROVIDER_PRICES: 'truework=45, truework-reverification=10,truv=15.5,truv-refresh=0',
    });
    expect(config.providerPrices).toEqual({
      truework: 45,
      'truework-reverification': 10,
      truv: 15.5,
      'truv-refresh': 0,
    });
  });

  it.each([
    ['truework=45,docusign=3', '"docusign=3": unknown price key "docusign" (one of truework, truework-reverification'],
    ['truv-reverification=1', '"truv-reverification=1": unknown price key "truv-reverification"'],
    ['truework=-1', '"truework=-1": the price must be a number of dollars, 0 or more'],
    ['truework=free', '"truework=free": the price must be a number of dollars, 0 or more'],
    ['truework=', '"truework=": the price must be a number of dollars, 0 or more'],
    ['truework', '"truework" must be KEY=DOLLARS'],
    ['truework=1=2', '"truework=1=2" must be KEY=DOLLARS'],
    ['truv=15,truework=45,truv=16', '"truv=16": truv is priced twice'],
  ])('refuses %p, naming the item', (value, message) => {
    expect(() => loadConfig({ VOIE_PROVIDER_PRICES: value })).toThrow(ConfigError);
    expect(() => loadConfig({ VOIE_PROVIDER_PRICES: value })).toThrow(`VOIE_PROVIDER_PRICES: ${message}`);
  });
});

describe('the named waterfalls (VOIE_WATERFALLS)', () => {
  /** The configuration's error lines for `VOIE_WATERFALLS`, or [] when it loads. */
  const errorsOf = (waterfalls: unknown): string[] => {
    try {
      loadConfig({ VOIE_WATERFALLS: typeof waterfalls === 'string' ? waterfalls : JSON.stringify(waterfalls) });
      return [];
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message.split('\n').slice(1);
    }
  };

  it('reads named sequences of up to 4 steps, each with its own step deadline when it says', () => {
    const config = loadConfig({
      VOIE_WATERFALLS: JSON.stringify({
        'instant-first': {
          steps: [
            { provider: 'truework-instant' },
            { provider: 'truv', step_deadline: '2d' },
            { provider: 'truework', step_deadline: 'PT72H' },
          ],
        },
        payroll_only: { steps: [{ provider: 'truv' }] },
      }),
    });
    expect(config.waterfalls).toEqual({
      'instant-first': {
        steps: [
          { provider: 'truework-instant' },
          { provider: 'truv', stepDeadlineMs: 2 * 86_400_000 },
          { provider: 'truework', stepDeadlineMs: 72 * 3_600_000 },
        ],
      },
      payroll_only: { steps: [{ provider: 'truv' }] },
    });
    expect(loadConfig({}).waterfalls).toEqual({});
  });

  it('refuses, when the providers are set up, a waterfall with a step of a provider that is not', () => {
    const truework = {
      TRUEWORK_BASE_URL: 'https://api.truework.example',
      TRUEWORK_API_KEY: 'tw-key',
      TRUEWORK_WEBHOOK_TOKEN: 'tw-token',
    };
    const waterfalls = (steps: string[]) =>
      JSON.stringify({ 'instant-first': { steps: steps.map((provider) => ({ provider })) } });
    const config = loadConfig({ ...truework, VOIE_WATERFALLS: waterfalls(['truework-instant', 'truv', 'truework']) });
    expect(() => configuredProviders(config)).toThrow(
      new ConfigError(
        'invalid configuration:\n  VOIE_WATERFALLS: "instant-first": truv is not configured on this voie',
      ),
    );
    const served = loadConfig({ ...truework, VOIE_WATERFALLS: waterfalls(['truework-instant', 'truework']) });
    expect([...configuredProviders(served).keys()].sort()).toEqual(['truework', 'truework-instant']);
  });

  it('refuses a bad entry at start-up, naming the entry and what is wrong with it', () => {
    expect(errorsOf({ quick: { steps: [{ provider: 'equifax' }] } })).toEqual([
      '  VOIE_WATERFALLS: "quick": steps.0.provider: "equifax" is not a provider (one of truework, truv, truework-instant)',
    ]);
    const five = ['truework-instant', 'truv', 'truework', 'truv', 'truework'].map((provider) => ({ provider }));
    expect(errorsOf({ long: { steps: five } })).toEqual([
      '  VOIE_WATERFALLS: "long": steps: must have at most 4 steps',
    ]);
    expect(errorsOf({ twice: { steps: [{ provider: 'truv' }, { provider: 'truv' }] } })).toEqual([
      '  VOIE_WATERFALLS: "twice": steps: must not name a provider twice',
    ]);
    expect(errorsOf({ slow: { steps: [{ provider: 'truv', step_deadline: 'soon' }] } })).toEqual([
      '  VOIE_WATERFALLS: "slow": steps.0.step_deadline: "soon" is not a duration (use 30s, 15m, 6h, 7d or ISO 8601)',
    ]);
    expect(errorsOf({ fast: { steps: [{ provider: 'truv', step_deadline: '1s' }] } })).toEqual([
      '  VOIE_WATERFALLS: "fast": steps.0.step_deadline: must be between 10s and 90d',
    ]);
    expect(errorsOf({ alone: { steps: [{ provider: 'truv', step_deadline: '30s' }] } })).toEqual([
      `  VOIE_WATERFALLS: "alone": steps: of one step: its step_deadline is the order's deadline, at least 1m`,
    ]);
    expect(errorsOf({ 'Instant First': { steps: [{ provider: 'truv' }] } })).toEqual([
      `  VOIE_WATERFALLS: "Instant First": a name must be 1-64 of a-z, 0-9, '-' and '_', starting with a letter or digit`,
    ]);
    expect(errorsOf({ empty: { steps: [] } })).toEqual([
      '  VOIE_WATERFALLS: "empty": steps: must have at least one step',
    ]);
    expect(errorsOf({ odd: { steps: [{ provider: 'truv' }], order: 'fast' } })[0]).toMatch(
      /^ {2}VOIE_WATERFALLS: "odd": /,
    );
    expect(errorsOf('{"instant-first":')).toEqual([
      '  VOIE_WATERFALLS: must be JSON: { "name": { "steps": [ { "provider": "…" } ] } }',
    ]);
    expect(errorsOf([])).toEqual(['  VOIE_WATERFALLS: must be a JSON object of named waterfalls']);
    // Every bad entry is named, the good ones are not.
    const several = errorsOf({
      good: { steps: [{ provider: 'truv' }] },
      bad: { steps: [{ provider: 'nobody' }] },
      worse: { steps: 'truv' },
    });
    expect(several).toHaveLength(2);
    expect(several[0]).toContain('"bad"');
    expect(several[1]).toContain('"worse"');
  });
});
