import { endProviderOrder, requestCancel, startNextAttempt } from '../../workflows/attempts';
import { applySnapshot, providerOrderCreated, reportRead } from '../../workflows/provider-orders';
import { orderAtStart } from '../../workflows/reverification-plan';
import { currentProvider } from '../../workflows/state';
import { toView } from '../../workflows/view';
import type { OrderReport } from '../../src/domain';
import { AT, orderStart, snapshot } from '../support/order-state';

describe('a provider waterfall', () => {
  function waterfallState() {
    const state = orderAtStart(
      orderStart({
        policy: {
          deadlineMs: 7 * 86_400_000,
          employersPerProviderOrder: 5,
          employersPerProviderOrderOf: { truv: 5, truework: 1 },
          stepDeadlineMs: 72 * 3_600_000,
        },
        request: {
          external_id: 'loan-3',
          provider: 'truv',
          providers: ['truv', 'truework'],
          applicant: { first_name: 'NoData', last_name: 'Doe', ssn: '123-45-6789' },
          employers: [{ name: 'Acme Inc' }, { name: 'Globex' }],
        },
      }),
    );
    providerOrderCreated(state, state.providerOrders[0]!, 'TRUV-1', AT);
    return state;
  }

  const noData = snapshot('failed', {
    providerOrderId: 'TRUV-1',
    rawStatus: 'no_data',
    reason: 'the payroll provider returned no data',
    outcome: 'no_data',
  });

  it('hands the order to the next provider when a step ends without a verification', () => {
    const state = waterfallState();
    expect(applySnapshot(state, noData, AT, 'webhook')).toEqual([{ kind: 'next-step' }]);
    expect(state.status).not.toBe('failed');
    startNextAttempt(state, AT);
    expect(currentProvider(state)).toBe('truework');
    expect(state.providerOrders.map((order) => order.employers)).toEqual([[0], [1]]);
    expect(state.providerOrderId).toBeNull();
    expect(state.correlationIds).toContain('TRUV-1');
    state.providerOrders.forEach((order, index) => providerOrderCreated(state, order, `TW-${index}`, AT));
    // A late snapshot of the first step's provider order changes nothing.
    expect(applySnapshot(state, snapshot('completed', { providerOrderId: 'TRUV-1' }), AT, 'webhook')).toEqual([]);
    applySnapshot(state, snapshot('completed', { providerOrderId: 'TW-0' }), AT, 'poll');
    reportRead(
      state,
      'TW-0',
      { normalized: { employments: [{}] }, provider_report: {} } as unknown as OrderReport,
      AT,
      'poll',
    );
    const cancel = snapshot('canceled', { providerOrderId: 'TW-1', outcome: 'not_found' });
    expect(applySnapshot(state, cancel, AT, 'poll')).toEqual([{ kind: 'deliver', type: 'order.completed' }]);
    const view = toView(state);
    expect(view.provider).toBe('truework');
    expect(view.provider_order_id).toBe('TW-0');
    expect(view.attempts.map(({ provider, outcome, status }) => ({ provider, outcome, status }))).toEqual([
      { provider: 'truv', outcome: 'no_data', status: 'failed' },
      { provider: 'truework', outcome: 'verified', status: 'completed' },
    ]);
  });

  it('does not move on once the LOS asked to cancel: the order ends canceled', () => {
    const state = waterfallState();
    requestCancel(state, 'loan withdrawn', AT);
    expect(applySnapshot(state, noData, AT, 'webhook')).toEqual([{ kind: 'deliver', type: 'order.canceled' }]);
    expect(state.attempts).toHaveLength(1);
    expect(state.attempts[0]?.outcome).toBe('no_data');
  });

  it('fails naming every step when the last step ends by the policy or its deadline', () => {
    const state = waterfallState();
    applySnapshot(state, noData, AT, 'webhook');
    startNextAttempt(state, AT);
    state.providerOrders.forEach((order, index) => providerOrderCreated(state, order, `TW-${index}`, AT));
    const byPolicy = { status: 'canceled', detail: 'action required: canceled by policy', source: 'system' } as const;
    for (const order of state.providerOrders) endProviderOrder(state, order, byPolicy, AT, byPolicy);
    expect(state.status).toBe('failed');
    expect(state.error?.reason).toMatch(
      /^no provider verified: truv: no_data .*; truework: canceled \(action required/,
    );
  });

  it("fails with every step's reason when the last provider does not verify either", () => {
    const state = waterfallState();
    applySnapshot(state, noData, AT, 'webhook');
    startNextAttempt(state, AT);
    state.providerOrders.forEach((order, index) => providerOrderCreated(state, order, `TW-${index}`, AT));
    for (const id of ['TW-0', 'TW-1']) {
      const notFound = { status: 'canceled', outcome: 'not_found', rawStatus: 'canceled' } as const;
      const ended = snapshot('canceled', { providerOrderId: id, outcome: 'not_found', employers: [notFound] });
      applySnapshot(state, ended, AT, 'poll');
    }
    expect(state.status).toBe('failed');
    expect(state.error?.reason).toBe(
      'no provider verified: ' +
        'truv: no_data (no employer verified: Acme Inc: failed (no_data: the payroll provider returned no data); ' +
        'Globex: failed (no_data: the payroll provider returned no data)); ' +
        'truework: not_found (no employer verified: Acme Inc: not_found; Globex: not_found)',
    );
  });
});
