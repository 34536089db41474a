import type { NormalizedEmployment, OrderPolicy, OrderReport } from '../../src/domain';
import { orderStart } from '../support/order-state';
import { providerOrderCreated } from '../../workflows/provider-orders';
import type { OrderState, Recheck } from '../../workflows/state';
import { toView } from '../../workflows/view';
import {
  cancelsReverification,
  changesFound,
  closingDateLocked,
  recheckEnding,
  reverifyNowRefused,
  setClosingDate,
  settleReverification,
  orderAtStart,
} from '../../workflows/reverification-plan';

const AT = '2026-12-01T15:00:00.000Z';

function newState(closingDate?: string, policy: Partial<OrderPolicy> = {}): OrderState {
  const state = orderAtStart(
    orderStart({
      at: AT,
      policy,
      request: {
        permissible_purpose: undefined,
        callback_url: undefined,
        employers: [{ name: 'Acme Inc' }, { name: 'Globex LLC' }],
        ...(closingDate ? { closing_date: closingDate } : {}),
      },
    }),
  );
  providerOrderCreated(state, state.providerOrders[0]!, 'P1', AT);
  return state;
}

function employment(name: string, status: NormalizedEmployment['status']): NormalizedEmployment {
  return {
    employer: { name },
    status,
    start_date: '2020-01-01',
    end_date: status === 'inactive' ? '2026-12-01' : null,
    position: { title: null, employment_type: null },
    pay: null,
    income: [],
  };
}

function report(...employments: NormalizedEmployment[]): OrderReport {
  const normalized = {
    provider: 'truework',
    report_ids: ['R'],
    gse: [],
    as_of: null,
    employee: { first_name: null, last_name: null },
    employments,
  };
  return { normalized, provider_report: {} };
}

function recheck(employers: number[], extra: Partial<Recheck> = {}): Recheck {
  return {
    originalId: 'P1',
    employers,
    providerOrderId: 'R1',
    kind: 'reverification',
    ended: { kind: 'completed', detail: 'report read' },
    outcomes: employers.map(() => 'verified'),
    report: null,
    ...extra,
  };
}

describe('the due date of a re-verification', () => {
  it('is the N-th business day before closing, at midnight in the lender’s zone, set when the order is placed', () => {
    // Tuesday 2027-01-19, after Martin Luther King Jr. Day (Monday 18): five business days back is Monday 11.
    const state = newState('2027-01-19', { reverifyBusinessDays: 5, timeZone: 'America/New_York' });
    expect(toView(state).reverification).toEqual({
      due_at: '2027-01-11T05:00:00.000Z',
      status: 'scheduled',
      checked_at: null,
      changes: [],
      reason: null,
    });
  });

  it('moves with a new date, in the zone the order was placed with, and clears to null', () => {
    const state = newState('2027-01-19', { reverifyBusinessDays: 2, timeZone: 'America/Los_Angeles' });
    // Tuesday 2027-07-06, after Independence Day observed on Monday 5: Friday 2 and Thursday 1.
    setClosingDate(state, '2027-07-06', AT, { businessDays: 9, timeZone: 'Europe/Paris' });
    expect(state.reverification!.dueAt).toBe('2027-07-01T07:00:00.000Z');
    setClosingDate(state, null, AT);
    expect(toView(state).reverification).toBeNull();
  });

  it('takes the PATCH’s defaults for an order placed without a closing date', () => {
    const state = newState();
    setClosingDate(state, '2027-01-19', AT, { businessDays: 1, timeZone: 'America/Chicago' });
    expect(state.reverification).toMatchObject({ dueAt: '2027-01-15T06:00:00.000Z', businessDays: 1 });
  });
});

describe('what the LOS may still change', () => {
  it('moves the date while the order is open or completed with the re-check scheduled, and not after', () => {
    const state = newState('2027-01-19');
    expect(closingDateLocked(state)).toBeNull();
    expect(reverifyNowRefused(state)).toBe('the order is creating, not completed');
    expect(cancelsReverification(state)).toBe(false);
    state.status = 'completed';
    expect(closingDateLocked(state)).toBeNull();
    expect(reverifyNowRefused(state)).toBeNull();
    expect(cancelsReverification(state)).toBe(true);
    state.reverification!.status = 'running';
    expect(closingDateLocked(state)).toBe('the re-verification is already running');
    expect(reverifyNowRefused(state)).toMatch(/no re-verification is scheduled/);
  });

  it('refuses a date on an order that ended otherwise, or completed without one', () => {
    const failed = newState('2027-01-19');
    failed.status = 'failed';
    expect(closingDateLocked(failed)).toBe('the order ended failed');
    const plain = newState();
    plain.status = 'completed';
    expect(closingDateLocked(plain)).toBe('the order completed without a closing date');
  });
});

describe('what a re-check found', () => {
  it('is changed when an employer now reports the borrower inactive, naming it', () => {
    const state = newState('2027-01-19');
    state.report = report(employment('Acme Inc', 'active'), employment('Globex LLC', 'active'));
    state.reverification!.rechecks = [
      recheck([0], { report: report(employment('Acme Inc', 'inactive')) }),
      recheck([1], { report: report(employment('Globex LLC', 'active')) }),
    ];
    settleReverification(state, AT);
    expect(state.reverification).toMatchObject({
      status: 'changed',
      changes: ['Acme Inc: the borrower is no longer employed since 2026-12-01'],
      checkedAt: AT,
    });
    expect(state.reverification!.report!.normalized.employments).toHaveLength(2);
  });

  it('does not count a job that was already over at the original verification', () => {
    const state = newState('2027-01-19');
    state.report = report(employment('Acme Inc', 'active'), employment('Old Co', 'inactive'));
    state.reverification!.rechecks = [
      recheck([0], { report: report(employment('Acme Inc', 'active'), employment('old co', 'inactive')) }),
    ];
    expect(changesFound(state)).toEqual([]);
    settleReverification(state, AT);
    expect(state.reverification!.status).toBe('verified');
  });

  it('is changed when a verified employer no longer verifies', () => {
    const state = newState('2027-01-19');
    state.reverification!.rechecks = [
      recheck([0], { ended: { kind: 'no-longer-verifies', detail: 'canceled: no-match' }, report: null }),
      recheck([1], { outcomes: ['not_found'], report: report() }),
    ];
    expect(changesFound(state)).toEqual([
      'Acme Inc: no longer verifies (canceled: no-match)',
      'Globex LLC: no longer verifies (not_found)',
    ]);
  });

  it('fails with the reason when a re-check could not be made, leaving the original result alone', () => {
    const state = newState('2027-01-19');
    state.report = report(employment('Acme Inc', 'active'));
    state.reverification!.rechecks = [
      recheck([0], { ended: { kind: 'failed', detail: 're-check of P1 not placed: 500' } }),
    ];
    settleReverification(state, AT);
    expect(state.reverification).toMatchObject({
      status: 'failed',
      reason: 're-check of P1 not placed: 500',
      changes: [],
    });
    expect(state.report.normalized.employments[0]!.status).toBe('active');
  });
});

describe('a re-check that ended without a report', () => {
  it.each([
    ['not_found', 'no-longer-verifies'],
    ['no_data', 'no-longer-verifies'],
    ['applicant_inactive', 'no-longer-verifies'],
    ['expired', 'failed'],
    ['provider_error', 'failed'],
    ['canceled', 'failed'],
    [undefined, 'failed'],
  ] as const)('with outcome %p is %p', (outcome, ending) => expect(recheckEnding(outcome)).toBe(ending));
});
