import type { LoanOrderStanding } from '../../src/domain';
import type { LoanState, OrderStandingNews } from '../../workflows/loan-messages';
import { LOAN_FILE_ENTRIES, loanClosingDateChange, loanStateOf } from '../../workflows/loan-messages';
import {
  endOf,
  newLoanState,
  orderEnded,
  orderStanding,
  orderStarted,
  readinessOf,
  registerOrder,
  REGISTRATION_GRACE_MS,
  RUN_GRACE_MS,
  setLoanDate,
  snapshotOf,
  takeOwed,
} from '../../workflows/loan-state';
import { loanFileEntry } from '../support/loan-file-entry';

const DEFAULTS = { businessDays: 5, timeZone: 'America/New_York' };
const T0 = Date.parse('2026-12-07T15:00:00.000Z');
const at = (ms: number): string => new Date(ms).toISOString();

function loan(): LoanState {
  return newLoanState({ loanId: '8812', tenant: 'default', defaults: DEFAULTS });
}

/** A loan of two started orders, `vo_a` and `vo_b`, owed nothing. */
function loanOfTwo(): LoanState {
  const state = loan();
  for (const id of ['vo_a', 'vo_b']) {
    registerOrder(state, { orderId: id }, at(T0));
    orderStarted(state, id, state.version);
  }
  return state;
}

/** What an order tells its loan: its standing, and its loan file entry of the same status. */
function news(
  standing: LoanOrderStanding,
  { ended = false, version = 0 }: { ended?: boolean; version?: number } = {},
): OrderStandingNews {
  return { standing, entry: loanFileEntry(standing.id, standing.status), version, ended };
}

function completed(id: string, checkedAt: string | null = null): LoanOrderStanding {
  return {
    id,
    status: 'completed',
    reason: null,
    verified: true,
    canceledByLos: false,
    reverification: checkedAt
      ? {
          closing_date: '2027-01-19',
          due_at: checkedAt,
          status: 'verified',
          checked_at: checkedAt,
          changes: [],
          reason: null,
        }
      : null,
  };
}

describe("a loan's closing date", () => {
  it('bumps the version on a change and owes it to every open order, and takes the same date again as nothing', () => {
    const state = loanOfTwo();
    expect(setLoanDate(state, '2027-01-19', null)).toBe(true);
    expect(state.version).toBe(1);
    expect(takeOwed(state)).toEqual(['vo_a', 'vo_b']);
    expect(setLoanDate(state, '2027-01-19', null)).toBe(false);
    expect(state.version).toBe(1);
    expect(takeOwed(state)).toEqual([]);
    expect(setLoanDate(state, '2027-01-19', 7)).toBe(true);
    expect(loanClosingDateChange(state)).toEqual({ closing_date: '2027-01-19', businessDays: 7, loanVersion: 2 });
  });

  it('owes nothing to an order that ended, and clears', () => {
    const state = loanOfTwo();
    setLoanDate(state, '2027-01-19', null);
    takeOwed(state);
    orderEnded(state, 'vo_a');
    setLoanDate(state, null, null);
    expect(takeOwed(state)).toEqual(['vo_b']);
    expect(loanClosingDateChange(state)).toEqual({ closing_date: null, loanVersion: 2 });
  });

  it("takes an order's own closing date the first time it is registered (latest write wins), not on a repeat", () => {
    const state = loanOfTwo();
    registerOrder(state, { orderId: 'vo_c', closing_date: '2027-01-19' }, at(T0));
    expect(state).toMatchObject({ closingDate: '2027-01-19', version: 1 });
    // The order starts with this very date: only the others are owed it.
    expect(takeOwed(state)).toEqual(['vo_a', 'vo_b']);
    setLoanDate(state, '2027-02-10', null);
    registerOrder(state, { orderId: 'vo_c', closing_date: '2027-01-19' }, at(T0));
    expect(state).toMatchObject({ closingDate: '2027-02-10', version: 2 });
    expect(state.orders.map((order) => order.id)).toEqual(['vo_a', 'vo_b', 'vo_c']);
    registerOrder(
      state,
      { orderId: 'vo_d', closing_date: '2027-03-01', reverify_business_days_before_closing: 3 },
      at(T0),
    );
    expect(state).toMatchObject({ closingDate: '2027-03-01', businessDays: 3, version: 3 });
  });

  it('re-tells an order that started with a version older than the loan’s (a change raced its placement)', () => {
    const state = loan();
    registerOrder(state, { orderId: 'vo_a' }, at(T0));
    const known = state.version;
    setLoanDate(state, '2027-01-19', null);
    takeOwed(state);
    orderStarted(state, 'vo_a', known);
    expect(takeOwed(state)).toEqual(['vo_a']);
    orderStarted(state, 'vo_b', state.version);
    expect(takeOwed(state)).toEqual([]);
    expect(state.orders.find((order) => order.id === 'vo_b')?.started).toBe(true);
  });

  it('keeps the latest standing and loan file entry of each order, and stops telling one that ended', () => {
    const state = loanOfTwo();
    orderStanding(state, news({ ...completed('vo_a'), status: 'processing', verified: false }));
    const changed = completed('vo_a', '2027-01-12T15:00:00.000Z');
    changed.reverification = { ...changed.reverification!, status: 'changed', changes: ['Acme Inc: inactive'] };
    orderStanding(state, news(changed, { ended: true, version: 2 }));
    expect(state.orders[0]).toMatchObject({
      standing: changed,
      file: { order: { id: 'vo_a', status: 'completed' } },
      fileVersion: 2,
      ended: true,
    });
    setLoanDate(state, '2027-01-19', null);
    expect(takeOwed(state)).toEqual(['vo_b']);
  });

  it('holds the loan file entries of its first orders only, so that its memo stays small', () => {
    const state = loan();
    const ids = Array.from({ length: LOAN_FILE_ENTRIES + 2 }, (_, i) => `vo_${i}`);
    for (const id of ids) orderStanding(state, news(completed(id)));
    expect(state.orders.map((order) => order.file?.order.id ?? null)).toEqual([
      ...ids.slice(0, LOAN_FILE_ENTRIES),
      null,
      null,
    ]);
  });

  it('resumes from what it returned', () => {
    const state = loanOfTwo();
    setLoanDate(state, '2027-01-19', null);
    const snapshot = snapshotOf(state, T0);
    expect(snapshot).toMatchObject({ effectiveBusinessDays: 5, dueAt: '2027-01-11T05:00:00.000Z' });
    expect(loanStateOf(snapshot)).toEqual(state);
  });
});

describe('whether a loan workflow judges its loan ready', () => {
  it('counts a registered order not heard from yet as creating, and gives it up after the grace period', () => {
    const state = loan();
    setLoanDate(state, '2027-01-19', null);
    registerOrder(state, { orderId: 'vo_a' }, at(T0));
    orderStanding(state, news(completed('vo_b', '2027-01-12T15:00:00.000Z')));
    expect(readinessOf(state, T0).blocking).toEqual(['vo_a: the order is creating']);
    expect(readinessOf(state, T0 + REGISTRATION_GRACE_MS)).toEqual({ ready_to_close: true, blocking: [] });
  });
});

describe('when a loan workflow ends', () => {
  const afterGrace = T0 + RUN_GRACE_MS;

  it('not while an order of it runs', () => {
    const state = loanOfTwo();
    expect(endOf(state, afterGrace, T0)).toEqual({ end: false });
    orderEnded(state, 'vo_a');
    expect(endOf(state, afterGrace, T0)).toEqual({ end: false });
    orderEnded(state, 'vo_b');
    expect(endOf(state, afterGrace, T0)).toEqual({ end: true });
  });

  it('not before its run has lived a while: the API sends the update it started it for', () => {
    expect(endOf(loan(), T0, T0)).toEqual({ end: false, atMs: T0 + RUN_GRACE_MS });
  });

  it('keeps a closing date still ahead for the order the LOS places next, until the day after it', () => {
    const state = loanOfTwo();
    setLoanDate(state, '2027-01-19', null);
    orderEnded(state, 'vo_a');
    orderEnded(state, 'vo_b');
    const dayAfter = Date.parse('2027-01-20T05:00:00.000Z');
    expect(endOf(state, afterGrace, T0)).toEqual({ end: false, atMs: dayAfter });
    expect(endOf(state, dayAfter - 1, T0)).toEqual({ end: false, atMs: dayAfter });
    expect(endOf(state, dayAfter, T0)).toEqual({ end: true });
  });

  it('waits for a registered order to start, and gives it up after the grace period', () => {
    const state = loan();
    registerOrder(state, { orderId: 'vo_a' }, at(T0));
    expect(endOf(state, afterGrace, T0)).toEqual({ end: false, atMs: T0 + REGISTRATION_GRACE_MS });
    expect(endOf(state, T0 + REGISTRATION_GRACE_MS, T0)).toEqual({ end: true });
  });
});
