import type { NormalizedEmployment, OrderPolicy, OrderReport } from '../../src/domain';
import { orderStart } from '../support/order-state';
import { providerOrderCreated } from '../../workflows/provider-orders';
import type { OrderState, Recheck } from '../../workflows/state';
import { toView } from '../../workflows/view';
import {
  cancelsReverification,
  changesFound,
  closingDateRefused,
  passLoanChange,
  recheckEnding,
  requestReverifyNow,
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
    expect(toView(state).closing_date).toBe('2027-01-19');
    expect(toView(state).reverification).toEqual({
      closing_date: '2027-01-19',
      due_at: '2027-01-11T05:00:00.000Z',
      status: 'scheduled',
      checked_at: null,
      changes: [],
      reason: null,
    });
  });

  it('moves with a new date and the loan’s business days, in the order’s zone, and clears to null', () => {
    const state = newState('2027-01-19', { reverifyBusinessDays: 2, timeZone: 'America/Los_Angeles' });
    // Tuesday 2027-07-06, after Independence Day observed on Monday 5: Friday 2 and Thursday 1.
    expect(setClosingDate(state, { closing_date: '2027-07-06' }, AT)).toBe(true);
    expect(state.reverification!.dueAt).toBe('2027-07-01T07:00:00.000Z');
    setClosingDate(state, { closing_date: '2027-07-06', businessDays: 1, loanVersion: 1 }, AT);
    expect(state.reverification!.dueAt).toBe('2027-07-02T07:00:00.000Z');
    setClosingDate(state, { closing_date: null }, AT);
    expect(toView(state).reverification).toBeNull();
    expect(toView(state).reverifications).toEqual([]);
  });

  it('applies each of the loan’s changes once, and none older than one applied', () => {
    const state = newState();
    expect(setClosingDate(state, { closing_date: '2027-01-19', loanVersion: 2 }, AT)).toBe(true);
    expect(setClosingDate(state, { closing_date: '2027-03-01', loanVersion: 1 }, AT)).toBe(false);
    expect(setClosingDate(state, { closing_date: '2027-01-19', loanVersion: 2 }, AT)).toBe(false);
    expect(state.closingDate).toBe('2027-01-19');
    expect(setClosingDate(state, { closing_date: '2027-01-19' }, AT)).toBe(false);
  });

  it('records as heard a loan’s change it keeps out, so that it tells its loan the version', () => {
    const state = newState();
    setClosingDate(state, { closing_date: '2027-01-19', loanVersion: 2 }, AT);
    expect(passLoanChange(state, { closing_date: '2027-03-01', loanVersion: 3 })).toBe(true);
    expect([state.loanVersion, state.closingDate]).toEqual([3, '2027-01-19']);
    expect(passLoanChange(state, { closing_date: '2027-03-01', loanVersion: 3 })).toBe(false);
    expect(passLoanChange(state, { closing_date: '2027-03-01' })).toBe(false);
  });
});

describe('re-planning when the closing date moves', () => {
  /** A completed order whose re-verification for 2027-01-19 (due 2027-01-11) ran at `checkedAt` and found `status`. */
  function reverified(checkedAt: string, status: 'verified' | 'changed' | 'failed' = 'verified'): OrderState {
    const state = newState('2027-01-19');
    state.status = 'completed';
    state.completedAt = AT;
    Object.assign(state.reverification!, { status, checkedAt });
    return state;
  }

  it('keeps a re-verification that still counts when the date moves earlier', () => {
    const state = reverified('2027-01-11T15:00:00.000Z');
    setClosingDate(state, { closing_date: '2027-01-15' }, '2027-01-12T00:00:00.000Z');
    expect(toView(state).reverifications).toHaveLength(1);
    expect(state.reverification!.status).toBe('verified');
    expect(state.events.at(-1)).toMatchObject({ type: 'reverification.kept' });
  });

  it('schedules a new one when the date moves later, keeping the earlier block', () => {
    const state = reverified('2027-01-11T15:00:00.000Z');
    setClosingDate(state, { closing_date: '2027-02-19' }, '2027-01-12T00:00:00.000Z');
    const view = toView(state);
    expect(view.reverifications.map((block) => [block.closing_date, block.status])).toEqual([
      ['2027-01-19', 'verified'],
      ['2027-02-19', 'scheduled'],
    ]);
    expect(view.reverification).toMatchObject({ status: 'scheduled', due_at: '2027-02-11T05:00:00.000Z' });
  });

  it('does not count a failed re-check: the date moved schedules another', () => {
    const state = reverified('2027-01-11T15:00:00.000Z', 'failed');
    setClosingDate(state, { closing_date: '2027-01-15' }, '2027-01-12T00:00:00.000Z');
    expect(state.reverification!.status).toBe('scheduled');
    expect(state.earlierReverifications).toHaveLength(1);
  });

  it('runs a new one on reverify-now, and refuses past the window naming the age', () => {
    const state = reverified('2027-01-11T15:00:00.000Z');
    const now = Date.parse('2027-01-12T00:00:00.000Z');
    expect(reverifyNowRefused(state, now)).toBeNull();
    requestReverifyNow(state, '2027-01-12T00:00:00.000Z');
    expect(state.reverification).toMatchObject({ status: 'scheduled', runNow: true });
    expect(state.earlierReverifications).toHaveLength(1);
    const late = Date.parse(AT) + 121 * 86_400_000;
    expect(reverifyNowRefused(state, late)).toBe(
      'the order completed 121 days ago, past its 120-day re-verification window: place a new order',
    );
    expect(closingDateRefused(state, late)).toMatch(/121 days ago/);
  });
});

describe('what the LOS may still change', () => {
  it('moves the date while the order is open or completed, and asks for a re-check only once completed', () => {
    const state = newState('2027-01-19');
    const now = Date.parse(AT);
    expect(closingDateRefused(state, now)).toBeNull();
    expect(reverifyNowRefused(state, now)).toBe('the order is creating, not completed');
    expect(cancelsReverification(state)).toBe(false);
    state.status = 'completed';
    state.completedAt = AT;
    expect(closingDateRefused(state, now)).toBeNull();
    expect(reverifyNowRefused(state, now)).toBeNull();
    expect(cancelsReverification(state)).toBe(true);
    state.reverification!.status = 'running';
    expect(closingDateRefused(state, now)).toBeNull();
    expect(reverifyNowRefused(state, now)).toBe('a re-verification is already running');
  });

  it('refuses a date on an order that ended otherwise, and schedules one on an order completed without', () => {
    const failed = newState('2027-01-19');
    failed.status = 'failed';
    expect(closingDateRefused(failed, Date.parse(AT))).toBe('the order ended failed');
    const plain = newState();
    plain.status = 'completed';
    plain.completedAt = AT;
    expect(closingDateRefused(plain, Date.parse(AT))).toBeNull();
    setClosingDate(plain, { closing_date: '2027-01-19' }, AT);
    expect(plain.reverification).toMatchObject({ status: 'scheduled', dueAt: '2027-01-11T05:00:00.000Z' });
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
