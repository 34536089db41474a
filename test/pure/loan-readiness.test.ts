import type { LoanOrderStanding, OrderView, ReverificationView } from '../../src/domain';
import { loanClock, loanReadiness, standingOf } from '../../src/domain';

const CLOCK = loanClock('2027-01-19', 5, 'America/New_York');

function reverification(overrides: Partial<ReverificationView> = {}): ReverificationView {
  return {
    closing_date: CLOCK.closingDate,
    due_at: CLOCK.dueAt!,
    status: 'verified',
    checked_at: '2027-01-11T09:00:00.000Z',
    changes: [],
    reason: null,
    ...overrides,
  };
}

function standing(id: string, overrides: Partial<LoanOrderStanding> = {}): LoanOrderStanding {
  return {
    id,
    status: 'completed',
    reason: null,
    verified: true,
    canceledByLos: false,
    reverification: reverification(),
    ...overrides,
  };
}

const canceledByLos = (id: string): LoanOrderStanding =>
  standing(id, { status: 'canceled', canceledByLos: true, verified: false, reverification: null });

describe('whether a loan is ready to close', () => {
  it('starts the due day five business days before closing, at midnight in the lender’s zone', () => {
    expect(CLOCK).toEqual({
      closingDate: '2027-01-19',
      dueAt: '2027-01-11T05:00:00.000Z',
      timeZone: 'America/New_York',
    });
    expect(loanClock(null, 5, 'America/New_York').dueAt).toBeNull();
  });

  it('is ready when every order completed and re-verified on or after the due day', () => {
    expect(loanReadiness(CLOCK, [standing('vo_a'), standing('vo_b')])).toEqual({ ready_to_close: true, blocking: [] });
  });

  it('counts a re-verification checked at the very start of the due day, and not a second before', () => {
    const atStart = standing('vo_a', { reverification: reverification({ checked_at: CLOCK.dueAt }) });
    expect(loanReadiness(CLOCK, [atStart]).ready_to_close).toBe(true);
    const before = standing('vo_a', { reverification: reverification({ checked_at: '2027-01-11T04:59:59.000Z' }) });
    expect(loanReadiness(CLOCK, [before]).blocking).toEqual([
      'vo_a: re-verification of 2027-01-10 is before the due day 2027-01-11 of closing 2027-01-19',
    ]);
  });

  it('leaves out the orders the LOS canceled, but not a loan of only canceled orders', () => {
    expect(loanReadiness(CLOCK, [standing('vo_a'), canceledByLos('vo_b')]).ready_to_close).toBe(true);
    expect(loanReadiness(CLOCK, [canceledByLos('vo_b')])).toEqual({
      ready_to_close: false,
      blocking: ['the loan has no order the LOS did not cancel'],
    });
    expect(loanReadiness(CLOCK, []).ready_to_close).toBe(false);
  });

  it('is not ready without a closing date', () => {
    const clock = loanClock(null, 5, 'America/New_York');
    expect(loanReadiness(clock, [standing('vo_a', { reverification: null })])).toEqual({
      ready_to_close: false,
      blocking: ['the loan has no closing date'],
    });
  });

  it('names, one line per order, what blocks it', () => {
    const standings = [
      standing('vo_open', { status: 'action_required', verified: false, reverification: null }),
      standing('vo_failed', {
        status: 'failed',
        reason: 'no employer verified',
        verified: false,
        reverification: null,
      }),
      standing('vo_none', { verified: false }),
      standing('vo_unplanned', { reverification: null }),
      standing('vo_scheduled', { reverification: reverification({ status: 'scheduled', checked_at: null }) }),
      standing('vo_running', { reverification: reverification({ status: 'running', checked_at: null }) }),
      standing('vo_changed', {
        reverification: reverification({ status: 'changed', changes: ['Acme Inc: no longer verifies (not_found)'] }),
      }),
      standing('vo_refailed', { reverification: reverification({ status: 'failed', reason: 'provider down' }) }),
      standing('vo_early', { reverification: reverification({ checked_at: '2027-01-08T15:00:00.000Z' }) }),
      standing('vo_ok'),
    ];
    expect(loanReadiness(CLOCK, standings)).toEqual({
      ready_to_close: false,
      blocking: [
        'vo_open: the order is action_required',
        'vo_failed: the order ended failed: no employer verified',
        'vo_none: no verified employment',
        'vo_unplanned: no re-verification',
        'vo_scheduled: re-verification scheduled for 2027-01-11',
        'vo_running: re-verification running',
        'vo_changed: re-verification found changes: Acme Inc: no longer verifies (not_found)',
        'vo_refailed: re-verification failed: provider down',
        'vo_early: re-verification of 2027-01-08 is before the due day 2027-01-11 of closing 2027-01-19',
      ],
    });
    // The loan workflow's lines keep to ids, statuses and dates: no employer, no provider's words.
    expect(loanReadiness(CLOCK, standings, 'ids').blocking).toEqual(
      expect.arrayContaining([
        'vo_failed: the order ended failed',
        'vo_changed: re-verification found changes',
        'vo_refailed: re-verification failed',
      ]),
    );
  });

  it('judges an order from its view as from the standing the order tells its loan', () => {
    const view = {
      id: 'vo_view',
      status: 'canceled',
      employments: [{ employer: { name: 'Acme Inc' }, provider_order_id: 'tw', status: 'canceled', outcome: null }],
      events: [{ at: '2026-12-02T00:00:00.000Z', source: 'api', type: 'cancel.requested', detail: 'duplicate' }],
      result: null,
      reverification: null,
    } as unknown as OrderView;
    expect(loanReadiness(CLOCK, [standing('vo_a'), standingOf(view)]).ready_to_close).toBe(true);
  });
});
