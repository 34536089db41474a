/**
 * The loan as pure decisions over its state: the closing date it owns, the orders it tells, which of them still have
 * to hear the current date, whether it may close, and when it may end. `loan.ts` carries them out.
 */
import type { LoanClock, LoanOrderStanding, LoanReadiness } from '../src/domain';
import { addDays, loanClock, loanReadiness, startOfDayIn } from '../src/domain';
import type {
  LoanDefaults,
  LoanInput,
  LoanOrderEntry,
  LoanOrderRegistration,
  LoanSnapshot,
  LoanState,
  OrderStandingNews,
} from './loan-messages';
import { LOAN_FILE_ENTRIES } from './loan-messages';

/**
 * How long the loan waits for an order the API registered to start before it gives the order up: the API starts the
 * order right after the registration, so one that has not started by then never will (its placement failed; a retry
 * of the POST registers it again).
 */
export const REGISTRATION_GRACE_MS = 60 * 60_000;

/**
 * How long a run of the loan lives at least. The API starts (or resumes) a loan's workflow and then sends it the
 * update it started it for: a run that ended at once would refuse that update.
 */
export const RUN_GRACE_MS = 10 * 60_000;

export function newLoanState(input: LoanInput): LoanState {
  return {
    loanId: input.loanId,
    tenant: input.tenant,
    defaults: input.defaults,
    closingDate: null,
    businessDays: null,
    version: 0,
    orders: [],
    owed: [],
  };
}

/** The business days in force: the loan's own, else the configured. */
export function businessDaysOf(state: LoanState): number {
  return state.businessDays ?? state.defaults.businessDays;
}

/** The loan's clock: its closing date and the start of its re-verification's due day. */
export function clockOf(state: LoanState): LoanClock {
  return loanClock(state.closingDate, businessDaysOf(state), state.defaults.timeZone);
}

export function snapshotOf(state: LoanState, nowMs: number): LoanSnapshot {
  return {
    ...state,
    orders: state.orders.map((order) => ({ ...order })),
    owed: [...state.owed],
    effectiveBusinessDays: businessDaysOf(state),
    dueAt: clockOf(state).dueAt,
    readiness: readinessOf(state, nowMs),
  };
}

/**
 * Sets the loan's closing date and business days (null: the configured ones). A change bumps the version and owes
 * every order still open the new date; the same date and business days again change nothing, so a retried PUT is
 * idempotent and a flood of the same date adds nothing. Returns whether it changed.
 */
export function setLoanDate(state: LoanState, closingDate: string | null, businessDays: number | null): boolean {
  if (state.closingDate === closingDate && state.businessDays === businessDays) return false;
  state.closingDate = closingDate;
  state.businessDays = businessDays;
  state.version += 1;
  owe(
    state,
    state.orders.filter((order) => !order.ended).map((order) => order.id),
  );
  return true;
}

/** Takes the API's configuration when a call carries it. */
export function takeDefaults(state: LoanState, defaults: LoanDefaults | undefined): void {
  if (defaults) state.defaults = defaults;
}

/**
 * Adds an order the API is placing. Its own closing date becomes the loan's (latest write wins), the first time
 * only: a repeated POST of the same order does not undo a later change. The order starts with the loan's date as the
 * registration answers it, so it is owed nothing now (a change racing its start is caught by its handshake).
 */
export function registerOrder(state: LoanState, registration: LoanOrderRegistration, nowIso: string): void {
  const order = entryOf(state, registration.orderId) ?? addEntry(state, registration.orderId);
  if (!order.started && !order.ended) order.registeredAt = nowIso;
  if (registration.started) order.started = true;
  if (registration.closing_date === undefined || order.dated) return;
  order.dated = true;
  const businessDays = registration.reverify_business_days_before_closing ?? state.businessDays;
  setLoanDate(state, registration.closing_date, businessDays);
  if (!registration.started) state.owed = state.owed.filter((id) => id !== order.id);
}

/**
 * An order of the loan started knowing the loan's date as of `version`: the loan counts it among those it tells, and
 * owes it the date when that version is older than the loan's (a change raced its placement).
 */
export function orderStarted(state: LoanState, orderId: string, version: number): void {
  const order = entryOf(state, orderId) ?? addEntry(state, orderId);
  order.started = true;
  if (!order.ended && version < state.version) owe(state, [orderId]);
}

/**
 * An order told where it stands and what the loan file shows of it; `ended`: its workflow closes, and hears nothing
 * more. The loan holds the entries of its first {@link LOAN_FILE_ENTRIES} orders.
 */
export function orderStanding(state: LoanState, news: OrderStandingNews): void {
  const { standing, entry, version, ended } = news;
  const order = entryOf(state, standing.id) ?? addEntry(state, standing.id);
  order.started = true;
  order.standing = standing;
  if (state.orders.indexOf(order) < LOAN_FILE_ENTRIES) {
    order.file = entry;
    order.fileVersion = version;
  }
  if (ended) orderEnded(state, standing.id);
}

/** The order's workflow is closed (it said so, or a signal to it found no workflow). */
export function orderEnded(state: LoanState, orderId: string): void {
  const order = entryOf(state, orderId);
  if (!order) return;
  order.ended = true;
  state.owed = state.owed.filter((id) => id !== orderId);
}

/** Takes the orders owed the current date (the workflow sends each one signal). */
export function takeOwed(state: LoanState): string[] {
  const owed = state.owed;
  state.owed = [];
  return owed;
}

/**
 * Whether the loan may close, as its orders told it. An order registered but not heard from yet counts as
 * `creating`; one given up (see {@link REGISTRATION_GRACE_MS}) not at all. The lines keep to ids, statuses and dates.
 */
export function readinessOf(state: LoanState, nowMs: number): LoanReadiness {
  const standings = state.orders
    .filter((order) => !abandoned(order, nowMs))
    .map((order) => order.standing ?? creating(order.id));
  return loanReadiness(clockOf(state), standings, 'ids');
}

/**
 * When the loan's workflow may end: once every order it knows has ended (or was given up) and no closing date is
 * still ahead (the day after the closing date has begun in the lender's zone), so a loan whose only order failed
 * keeps its date for the order the LOS places next. A run lives at least {@link RUN_GRACE_MS}. `end: false` with `atMs`
 * says when to look again (a registration given up, the day after closing); without it, only an order's word changes
 * the answer.
 */
export function endOf(
  state: LoanState,
  nowMs: number,
  runStartedMs: number,
): { end: true } | { end: false; atMs?: number } {
  const open = state.orders.filter((order) => !order.ended && !abandoned(order, nowMs));
  if (open.some((order) => order.started)) return { end: false };
  const wakes = open.flatMap((order) =>
    order.registeredAt ? [Date.parse(order.registeredAt) + REGISTRATION_GRACE_MS] : [],
  );
  if (nowMs < runStartedMs + RUN_GRACE_MS) wakes.push(runStartedMs + RUN_GRACE_MS);
  if (state.closingDate) {
    const dayAfter = Date.parse(startOfDayIn(addDays(state.closingDate, 1), state.defaults.timeZone));
    if (nowMs < dayAfter) wakes.push(dayAfter);
  }
  return wakes.length === 0 ? { end: true } : { end: false, atMs: Math.min(...wakes) };
}

/** A registered order that never started within the grace period: its placement failed. */
function abandoned(order: LoanOrderEntry, nowMs: number): boolean {
  return (
    !order.started &&
    !order.ended &&
    order.registeredAt !== null &&
    nowMs - Date.parse(order.registeredAt) >= REGISTRATION_GRACE_MS
  );
}

function creating(id: string): LoanOrderStanding {
  return { id, status: 'creating', reason: null, verified: false, canceledByLos: false, reverification: null };
}

function entryOf(state: LoanState, orderId: string): LoanOrderEntry | undefined {
  return state.orders.find((order) => order.id === orderId);
}

function addEntry(state: LoanState, orderId: string): LoanOrderEntry {
  const order: LoanOrderEntry = {
    id: orderId,
    registeredAt: null,
    started: false,
    ended: false,
    dated: false,
    standing: null,
    file: null,
    fileVersion: 0,
  };
  state.orders.push(order);
  return order;
}

function owe(state: LoanState, orderIds: string[]): void {
  for (const id of orderIds) if (!state.owed.includes(id)) state.owed.push(id);
}
