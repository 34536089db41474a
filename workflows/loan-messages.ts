/**
 * What an order workflow and its loan's workflow say to each other, and what the API asks of a loan. The loan owns the
 * closing date: it tells its orders each change with a version (`ClosingDateChange.loanVersion`); an order tells its
 * loan when it started (with the version it started with) and where it stands. The API registers each order placed
 * with a `loan_id` and sets the loan's date (`PUT /v1/loans/{loan_id}`, or an order's own date).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { LoanFileEntry, LoanOrderStanding, LoanReadiness } from '../src/domain';
import { DEFAULT_TENANT } from '../src/domain';
import type { ClosingDateChange } from './closing-date-change';

export { DEFAULT_TENANT };

/** The loan workflow's id: one workflow per tenant and `loan_id`. */
export function loanWorkflowId(loanId: string, tenant: string = DEFAULT_TENANT): string {
  return `loan/${tenant}/${loanId}`;
}

/**
 * An order of the loan started, knowing the loan's closing date as of `version`: the loan re-sends its date when it is
 * newer (a change that raced the order's placement), and counts the order among those it tells.
 */
export const orderStartedSignal = defineSignal<[{ orderId: string; version: number }]>('orderStarted');

/**
 * An order of the loan changed (its status, its re-verification, what the loan file shows of it, the loan's version
 * it applied), or its workflow closes (`ended`: the loan tells it nothing more). The loan keeps the latest of each
 * order.
 */
export const orderStandingSignal = defineSignal<[OrderStandingNews]>('orderStanding');

/** What an order tells its loan at each change: see {@link orderStandingSignal}. */
export interface OrderStandingNews {
  standing: LoanOrderStanding;
  entry: LoanFileEntry;
  /** The loan's version the order applied (`ClosingDateChange.loanVersion`; 0 before any). */
  version: number;
  ended: boolean;
}

/** What the API configures: the business days before closing and the lender's time zone, unless the loan says. */
export interface LoanDefaults {
  businessDays: number;
  timeZone: string;
}

/**
 * One order of the loan, as the loan's workflow knows it. Its loan file entry holds the applicant's names and last
 * four and the employers: in payloads, which the codec encrypts, as the order's own.
 */
export interface LoanOrderEntry {
  id: string;
  /**
   * When the API registered it (ISO 8601); null for an order the loan heard of from the order itself. An order
   * registered but never started (its placement failed after the registration) is given up after a grace period.
   */
  registeredAt: string | null;
  /** The order's workflow told the loan it runs (it started, or told its standing). */
  started: boolean;
  /** The order's workflow closed: the loan tells it nothing more. */
  ended: boolean;
  /** The loan took this order's own closing date: a repeated placement of the order does not take it again. */
  dated: boolean;
  /** The latest standing the order told (null until it told one). */
  standing: LoanOrderStanding | null;
  /**
   * What the loan file shows of the order, as it last told it; null until it told one, and for orders past the
   * first {@link LOAN_FILE_ENTRIES}, which the API reads from the orders themselves.
   */
  file: LoanFileEntry | null;
  /**
   * The loan's version the order had applied when it last told it: while it is older than the loan's, the order's
   * re-verification may have moved since, and the API reads the order itself.
   */
  fileVersion: number;
}

/**
 * How many orders' loan file entries a loan holds: bounds its memo, which each change rewrites whole. Orders past it
 * still send theirs (an order does not know its place in the loan); the loan drops them.
 */
export const LOAN_FILE_ENTRIES = 20;

/**
 * The loan as its workflow holds it, carried from run to run (continue-as-new) and returned when the loan ends, so
 * that a loan placed on again resumes from it.
 */
export interface LoanState {
  loanId: string;
  tenant: string;
  /** The API's configuration, as the latest call carried it. */
  defaults: LoanDefaults;
  closingDate: string | null;
  /** The business days before closing the LOS set for the loan; null: the configured ones. */
  businessDays: number | null;
  /** Counts the changes of the closing date, so that orders apply each once and in order. */
  version: number;
  orders: LoanOrderEntry[];
  /** The orders that still have to hear the current closing date. */
  owed: string[];
}

/**
 * The loan as the API reads it: its state, the business days in force, the start of the re-verification's due day
 * (UTC; null without a closing date), and whether the loan is ready to close as its orders told it.
 */
export interface LoanSnapshot extends LoanState {
  effectiveBusinessDays: number;
  dueAt: string | null;
  readiness: LoanReadiness;
}

/** A closing date for the loan (`PUT /v1/loans/{loan_id}`): null clears it; business days absent keep the loan's. */
export interface LoanClosingDateChange {
  closing_date: string | null;
  reverify_business_days_before_closing?: number;
  /** The API's configuration; absent keeps what the loan has. */
  defaults?: LoanDefaults;
}

/**
 * An order of the loan, registered by the API before it starts the order. `closing_date` is the order's own, which
 * becomes the loan's (once per order, so a repeated POST does not undo a later change). `started` is for an order
 * that already runs (placed before its loan had a workflow).
 */
export interface LoanOrderRegistration {
  orderId: string;
  closing_date?: string;
  reverify_business_days_before_closing?: number;
  started?: boolean;
  defaults?: LoanDefaults;
}

/** What the API starts a loan with; `state` is what a run continued as new (or a loan placed on again) goes on from. */
export interface LoanInput {
  loanId: string;
  tenant: string;
  defaults: LoanDefaults;
  state?: LoanState;
}

/** Sets, moves or clears the loan's closing date; every order of the loan follows. Returns the loan. */
export const setLoanClosingDateUpdate = defineUpdate<LoanSnapshot, [LoanClosingDateChange]>('setLoanClosingDate');

/** Adds an order to the loan (idempotent). Returns the loan: its closing date, business days and version. */
export const registerOrderUpdate = defineUpdate<LoanSnapshot, [LoanOrderRegistration]>('registerOrder');

/** The loan as its workflow holds it. */
export const loanQuery = defineQuery<LoanSnapshot>('loan');

/**
 * The closing date a loan tells its orders (and the API patches them with): the date, the loan's own business days
 * (absent: each order's policy), and the version, which each order applies once and in order.
 */
export function loanClosingDateChange(
  loan: Pick<LoanState, 'closingDate' | 'businessDays' | 'version'>,
): ClosingDateChange & { loanVersion: number } {
  return {
    closing_date: loan.closingDate,
    ...(loan.businessDays !== null ? { businessDays: loan.businessDays } : {}),
    loanVersion: loan.version,
  };
}

/** The state a snapshot holds, without what is derived from it: what a loan placed on again resumes from. */
export function loanStateOf(snapshot: LoanSnapshot): LoanState {
  const { effectiveBusinessDays: _days, dueAt: _dueAt, readiness: _readiness, ...state } = snapshot;
  return state;
}
