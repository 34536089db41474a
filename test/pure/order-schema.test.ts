import { fingerprintOf } from '../../src/orders/idempotency';
import { fingerprintedBody, orderRequestSchema, resolveOrder } from '../../src/api/order-schema';
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
