import { normalizeReport, snapshotOf } from '../../src/providers/truework/normalize';

const wrapped = (value: string) => ({ canonical_value: value, raw_value: value });

function order(...states: string[]) {
  return {
    id: 'AAAA-order',
    verification_requests: states.map((state, i) => ({
      id: `vr-${i}`,
      state: wrapped(state),
      ...(state === 'canceled' ? { cancellation_reason: wrapped('no-match'), cancellation_details: 'no record' } : {}),
      reports: state === 'completed' ? [{ id: `report-${i}` }] : [],
    })),
  };
}

describe('a Truework order read back', () => {
  it.each([
    [['pending-approval'], 'pending'],
    [['processing'], 'processing'],
    [['action-required'], 'action_required'],
    [['action-requred'], 'action_required'],
    [['completed'], 'completed'],
    [['completed', 'canceled'], 'completed'],
    [['canceled'], 'canceled'],
    [['invalid'], 'failed'],
    [['completed', 'processing'], 'processing'],
    [['other'], 'pending'],
    [[], 'pending'],
  ])('with verification requests %p is %s', (states, status) => {
    expect(snapshotOf(order(...states)).status).toBe(status);
  });

  it('keeps report ids and the cancellation reason', () => {
    expect(snapshotOf(order('completed', 'completed')).reportIds).toEqual(['report-0', 'report-1']);
    expect(snapshotOf(order('canceled')).reason).toBe('no-match: no record');
  });

  const canceledFor = (reason: string) => ({
    id: 'AAAA-order',
    verification_requests: [{ id: 'vr-0', state: wrapped('canceled'), cancellation_reason: wrapped(reason) }],
  });

  it.each([
    ['completed with a report', order('completed'), 'completed', 'verified'],
    [
      'completed without one',
      { id: 'O', verification_requests: [{ id: 'V', state: 'completed' }] },
      'completed',
      'failed',
    ],
    ['canceled for no match', canceledFor('no-match'), 'canceled', 'not_found'],
    ['canceled by the lender', canceledFor('other'), 'canceled', 'canceled'],
    ['invalid', order('invalid'), 'failed', 'not_found'],
    ['in action-required', order('action-required'), 'action_required', null],
    ['processing', order('processing'), 'processing', null],
  ])('names the one employer of an order %s with its outcome', (_, json, status, outcome) => {
    const snapshot = snapshotOf(json);
    // The order's own status stays what it was before voie verified several employers (recorded histories).
    expect(snapshot.status).toBe(status);
    expect(snapshot.employers).toEqual([expect.objectContaining({ status, outcome })]);
  });

  it.each([
    ['completed with a report', order('completed'), 'verified'],
    ['completed without one', { id: 'O', verification_requests: [{ id: 'V', state: 'completed' }] }, 'provider_error'],
    ['canceled by Truework for no match', canceledFor('no-match'), 'not_found'],
    ['invalid (employee or employer not located)', order('invalid'), 'not_found'],
    ['canceled for another reason', canceledFor('other'), 'canceled'],
    [
      'canceled for another reason, with another request invalid',
      {
        id: 'O',
        verification_requests: [
          ...canceledFor('other').verification_requests,
          ...order('invalid').verification_requests,
        ],
      },
      'canceled',
    ],
  ])('ends an order %s with the step outcome %s', (_, json, outcome) => {
    expect(snapshotOf(json).outcome).toBe(outcome);
  });

  it.each([['pending-approval'], ['processing'], ['action-required'], ['completed', 'processing']])(
    'gives no step outcome while the order is open (%s)',
    (...states) => {
      expect(snapshotOf(order(...states)).outcome).toBeUndefined();
    },
  );
});

describe('a Truework report normalized', () => {
  const report = (extra: Record<string, unknown>) => ({
    id: 'R1',
    employer: { name: 'Acme Inc' },
    employee: {
      salary: { pay_rate: { amount: '50000.00', unit: wrapped('annually') }, pay_frequency: wrapped('biweekly') },
      earnings: [{ year: '2024', base: '50000.00', total: '50000.00' }],
    },
    ...extra,
  });
  const eligibility = (type: string, isEligible: boolean | null, referenceId: string | null) => ({
    type: wrapped(type),
    provider: wrapped('truework'),
    is_eligible: isEligible,
    reference_id: referenceId,
  });

  it('lists the D1C reference id of each eligible report for Fannie Mae, and nothing when there is none', () => {
    const normalized = normalizeReport([
      report({
        eligibilities: [
          eligibility('other', true, 'OTHER-1'),
          eligibility('d1c', false, 'NOT-ELIGIBLE'),
          eligibility('d1c', true, null),
          eligibility('d1c', true, 'TW-D1C-1'),
          eligibility('d1c', true, 'TW-D1C-2'),
        ],
      }),
      report({ id: 'R2', eligibilities: null }),
      report({ id: 'R3' }),
    ]);
    expect(normalized.gse).toEqual([{ agency: 'fannie_mae', program: 'd1c', reference_id: 'TW-D1C-1' }]);
    expect(normalizeReport([report({ eligibilities: [] })]).gse).toEqual([]);
  });

  it('of a VOE has no pay and no income, even when Truework sent them', () => {
    const voe = normalizeReport([report({ verification_request: { id: 'V', type: 'employment' } })]);
    expect(voe.employments[0]).toMatchObject({ employer: { name: 'Acme Inc' }, pay: null, income: [] });
    // A report that does not state its type takes the order's.
    expect(normalizeReport([report({})], 'employment').employments[0]).toMatchObject({ pay: null, income: [] });
    const voie = normalizeReport([report({ verification_request: { id: 'V', type: 'employment-income' } })]);
    expect(voie.employments[0]?.pay).toMatchObject({ rate: 50000, unit: 'annual' });
    expect(voie.employments[0]?.income).toEqual([expect.objectContaining({ year: 2024, total: 50000 })]);
  });
});
