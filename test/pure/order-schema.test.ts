import { fingerprintOf } from '../../src/orders/idempotency';
import {
  closingDateErrors,
  fieldErrors,
  fingerprintedBody,
  orderBoundErrors,
  orderRequestSchema,
  resolveOrder,
} from '../../src/api/order-schema';
import { latestClosingDate, todayIn } from '../../src/domain';
import { loadConfig } from '../../src/config';

const config = loadConfig({});

const body = (overrides: Record<string, unknown>) =>
  orderRequestSchema.parse({
    external_id: 'loan-1',
    permissible_purpose: 'credit-application',
    applicant: { first_name: 'Jane', last_name: 'Doe', ssn: '000-00-0000' },
    employer: { name: 'Acme Inc' },
    ...overrides,
  });

describe('an order of one provider', () => {
  it('resolves and fingerprints the same whether sent as provider or as providers of one', () => {
    const asProvider = body({ provider: 'truework' });
    const asProviders = body({ providers: ['truework'] });
    expect(resolveOrder(asProviders, config)).toEqual(resolveOrder(asProvider, config));
    expect(resolveOrder(asProviders, config).request).not.toHaveProperty('providers');
    expect(resolveOrder(asProviders, config).policy).not.toHaveProperty('stepDeadlineMs');
    expect(fingerprintOf(fingerprintedBody(asProviders))).toBe(fingerprintOf(fingerprintedBody(asProvider)));
  });

  it('fingerprints as before waterfalls: the body of provider is read as it always was', () => {
    const asProvider = body({ provider: 'truework' });
    expect(fingerprintedBody(asProvider)).toEqual(asProvider);
  });
});

describe('a waterfall', () => {
  it('starts with the first provider and carries every provider, with their policy', () => {
    const { request, policy } = resolveOrder(body({ providers: ['truv', 'truework'] }), config);
    expect(request).toMatchObject({ provider: 'truv', providers: ['truv', 'truework'] });
    expect(policy).toMatchObject({
      employersPerProviderOrder: 5,
      employersPerProviderOrderOf: { truv: 5, truework: 1 },
      stepDeadlineMs: 72 * 3_600_000,
    });
  });

  it('takes its step deadline from options.step_deadline', () => {
    const { policy } = resolveOrder(
      body({ providers: ['truework', 'truv'], options: { step_deadline: '6h' } }),
      config,
    );
    expect(policy).toMatchObject({ employersPerProviderOrder: 1, stepDeadlineMs: 6 * 3_600_000 });
  });

  it('is another order than the same providers in another order', () => {
    const truvFirst = body({ providers: ['truv', 'truework'] });
    const trueworkFirst = body({ providers: ['truework', 'truv'] });
    expect(fingerprintOf(fingerprintedBody(truvFirst))).not.toBe(fingerprintOf(fingerprintedBody(trueworkFirst)));
  });
});

describe('the bounds of the options', () => {
  const base = { provider: 'truework' };
  const errorsOf = (overrides: Record<string, unknown>) => {
    const parsed = orderRequestSchema.safeParse({
      external_id: 'loan-1',
      permissible_purpose: 'credit-application',
      applicant: { first_name: 'Jane', last_name: 'Doe', ssn: '000-00-0000' },
      employer: { name: 'Acme Inc' },
      ...base,
      ...overrides,
    });
    return parsed.success ? [] : fieldErrors(parsed.error);
  };

  it.each([
    ['poll_interval', '1s', '0.999s', 'must be between 1s and 24h'],
    ['poll_interval', '24h', '86400.001s', 'must be between 1s and 24h'],
    ['poll_interval', 'PT24H', '0.001s', 'must be between 1s and 24h'],
    ['deadline', '1m', '59.999s', 'must be between 1m and 90d'],
    ['deadline', '90d', '90.001d', 'must be between 1m and 90d'],
    ['step_deadline', '10s', '9.999s', "must be between 10s and the order's deadline, at most 90d"],
  ])('takes %s %s and refuses %s', (option, inside, outside, message) => {
    const providers = option === 'step_deadline' ? { provider: undefined, providers: ['truv', 'truework'] } : {};
    expect(errorsOf({ ...providers, options: { [option]: inside } })).toEqual([]);
    expect(errorsOf({ ...providers, options: { [option]: outside } })).toEqual([
      { field: `options.${option}`, message },
    ]);
  });

  it('keeps step_deadline within the deadline the order gives', () => {
    const waterfall = { provider: undefined, providers: ['truv', 'truework'] };
    expect(errorsOf({ ...waterfall, options: { deadline: '2h', step_deadline: '2h' } })).toEqual([]);
    expect(errorsOf({ ...waterfall, options: { deadline: '2h', step_deadline: '7201s' } })).toEqual([
      { field: 'options.step_deadline', message: "must be between 10s and the order's deadline, 2h" },
    ]);
  });

  it('keeps step_deadline within the configured deadline when the order gives none', () => {
    const waterfall = { providers: ['truv', 'truework'] as const };
    const sevenDays = config.orderDeadlineMs;
    expect(sevenDays).toBe(7 * 86_400_000);
    expect(orderBoundErrors(body({ ...waterfall, options: { step_deadline: '7d' } }), config, '2026-12-06')).toEqual(
      [],
    );
    expect(
      orderBoundErrors(body({ ...waterfall, options: { step_deadline: '168.001h' } }), config, '2026-12-06'),
    ).toEqual([{ field: 'options.step_deadline', message: "must be between 10s and the order's deadline, 7d" }]);
    // The order's own deadline wins over the configured one.
    expect(
      orderBoundErrors(body({ ...waterfall, options: { deadline: '30d', step_deadline: '8d' } }), config, '2026-12-06'),
    ).toEqual([]);
  });

  it('takes a closing date a year after the lender’s today, not a day more', () => {
    const today = '2026-12-06';
    expect(orderBoundErrors(body({ provider: 'truework', closing_date: '2027-12-06' }), config, today)).toEqual([]);
    expect(orderBoundErrors(body({ provider: 'truework', closing_date: '2027-12-07' }), config, today)).toEqual([
      { field: 'closing_date', message: 'must be at most a year ahead (2027-12-06 at the latest)' },
    ]);
    expect(closingDateErrors('2027-12-07', today)).toHaveLength(1);
    expect(closingDateErrors(null, today)).toEqual([]);
    // 29 February: a year on is 28 February.
    expect(latestClosingDate('2028-02-29')).toBe('2029-02-28');
    expect(closingDateErrors('2029-03-01', '2028-02-29')).toHaveLength(1);
  });

  it('judges today in the lender’s time zone', () => {
    // 03:00 UTC on 7 December is still 6 December in New York.
    const today = todayIn('2026-12-07T03:00:00Z', 'America/New_York');
    expect(today).toBe('2026-12-06');
    expect(closingDateErrors('2027-12-07', today)).toHaveLength(1);
  });
});

describe('a named waterfall', () => {
  const named = loadConfig({
    VOIE_WATERFALLS: JSON.stringify({
      'instant-first': {
        steps: [{ provider: 'truework-instant' }, { provider: 'truv', step_deadline: '10m' }, { provider: 'truework' }],
      },
    }),
  });

  it('resolves to its steps, each step deadline its own or the order’s, and the request names it', () => {
    const { request, policy } = resolveOrder(body({ waterfall: 'instant-first' }), named);
    expect(request).toMatchObject({
      provider: 'truework-instant',
      providers: ['truework-instant', 'truv', 'truework'],
      waterfall: 'instant-first',
    });
    expect(policy).toMatchObject({
      stepDeadlineMs: 72 * 3_600_000,
      stepDeadlinesMs: [null, 600_000, null],
      // The instant step's calls take Truework's task queue; it is skipped without a date of birth.
      providerAccounts: { 'truework-instant': 'truework' },
      neededApplicantFieldsOf: { 'truework-instant': ['date_of_birth'] },
      employersPerProviderOrderOf: { 'truework-instant': 5, truv: 5, truework: 1 },
    });
    expect(orderBoundErrors(body({ waterfall: 'instant-first' }), named, '2026-01-01')).toEqual([]);
  });

  it('of one step is an order of one provider, whose deadline is the step’s unless the order gives one', () => {
    const single = loadConfig({
      VOIE_WATERFALLS: JSON.stringify({ 'truv-only': { steps: [{ provider: 'truv', step_deadline: '3d' }] } }),
    });
    const { request, policy } = resolveOrder(body({ waterfall: 'truv-only' }), single);
    expect(request).toMatchObject({ provider: 'truv', waterfall: 'truv-only' });
    expect(request).not.toHaveProperty('providers');
    expect(policy.deadlineMs).toBe(3 * 86_400_000);
    const own = resolveOrder(body({ waterfall: 'truv-only', options: { deadline: '2d' } }), single);
    expect(own.policy.deadlineMs).toBe(2 * 86_400_000);
  });

  it('is refused when this voie does not define it, naming it', () => {
    expect(orderBoundErrors(body({ waterfall: 'nope' }), named, '2026-01-01')).toEqual([
      { field: 'waterfall', message: 'nope is not a waterfall of this voie: one of instant-first' },
    ]);
    expect(orderBoundErrors(body({ waterfall: 'constructor' }), config, '2026-01-01')).toEqual([
      {
        field: 'waterfall',
        message: 'constructor is not a waterfall of this voie: none is configured (VOIE_WATERFALLS)',
      },
    ]);
  });

  it('needs what each of its providers needs', () => {
    const { permissible_purpose: _none, ...withoutPurpose } = body({ waterfall: 'instant-first' });
    expect(orderBoundErrors({ ...withoutPurpose }, named, '2026-01-01')).toEqual([
      { field: 'permissible_purpose', message: 'required for truework-instant orders' },
    ]);
  });
});
