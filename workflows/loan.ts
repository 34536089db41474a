/**
 * One loan: it owns the closing date of its orders. The API starts it (or finds it running) and sends it updates: a
 * PUT of the loan's date, the registration of an order placed with its `loan_id`. After each change it tells every
 * order of the loan the date with a version, so that each order applies each change once and in order; the orders
 * tell it when they start, where they stand and what the loan file shows of them, so that the API reads the loan file
 * from the loan's memo alone. It ends once every order ended and no closing date is ahead. Its summary, details and
 * search attributes hold ids, dates and statuses only.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  setCurrentDetails,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { isCalendarDate, MAX_REVERIFY_BUSINESS_DAYS, MIN_REVERIFY_BUSINESS_DAYS, todayIn } from '../src/domain';
import { FailureType } from './failure-types';
import type { LoanInput, LoanOrderRegistration, LoanSnapshot, LoanState } from './loan-messages';
import {
  loanClosingDateChange,
  loanQuery,
  orderStandingSignal,
  orderStartedSignal,
  registerOrderUpdate,
  setLoanClosingDateUpdate,
} from './loan-messages';
import {
  endOf,
  newLoanState,
  orderEnded,
  orderStanding,
  orderStarted,
  readinessOf,
  registerOrder,
  setLoanDate,
  snapshotOf,
  takeDefaults,
  takeOwed,
} from './loan-state';
import { loanClosingDateSignal } from './messages';
import { VoieClosingDate, VoieLoanReady } from './search-attributes';
import { ContinueAsNewDue, waitFor } from './waits';
import { nowIso } from './workflow-clock';

/** Runs while the loan may change; continues as new when Temporal suggests it; returns the loan when it ends. */
export async function loan(input: LoanInput): Promise<LoanSnapshot> {
  const state = input.state ?? newLoanState(input);
  takeDefaults(state, input.defaults);
  const runStartedMs = Date.now();
  // Every handler bumps it: the loop looks again at the loan after any word from the API or an order.
  const heard = { count: 0 };
  const publication = new LoanPublication(state, input.state !== undefined);
  setHandlers(state, publication, heard);
  publication.publish();
  try {
    for (;;) {
      const owed = takeOwed(state);
      if (owed.length > 0) {
        await Promise.all(owed.map((orderId) => tell(state, orderId)));
        publication.publish();
        continue;
      }
      const end = endOf(state, Date.now(), runStartedMs);
      if (end.end) break;
      const seen = heard.count;
      await waitFor(
        () => state.owed.length > 0 || heard.count !== seen,
        end.atMs === undefined ? undefined : Math.max(1, end.atMs - Date.now()),
      );
    }
  } catch (err) {
    if (!(err instanceof ContinueAsNewDue)) throw err;
    // Handlers running finish first; what they change stays in the state (the orders still owed the date included).
    await condition(allHandlersFinished);
    // The defaults the latest call carried go on, not those the loan was started with.
    return continueAsNew<typeof loan>({ ...input, defaults: state.defaults, state });
  }
  await condition(allHandlersFinished);
  publication.publish();
  return snapshotOf(state, Date.now());
}

/**
 * Tells one order the loan's current closing date. An order not started yet cannot hear it (its start carries the
 * date, and its handshake the newer one); one whose workflow closed has ended, and hears nothing more.
 */
async function tell(state: LoanState, orderId: string): Promise<void> {
  try {
    await getExternalWorkflowHandle(orderId).signal(loanClosingDateSignal, loanClosingDateChange(state));
  } catch (err) {
    log.info('an order of the loan did not take its closing date', { orderId, error: String(err) });
    if (state.orders.find((order) => order.id === orderId)?.started) orderEnded(state, orderId);
  }
}

function setHandlers(state: LoanState, publication: LoanPublication, heard: { count: number }): void {
  const validChange = (change: { closing_date?: string | null; reverify_business_days_before_closing?: number }) => {
    const { closing_date: date, reverify_business_days_before_closing: days } = change;
    if (date != null && !isCalendarDate(date)) {
      throw ApplicationFailure.nonRetryable(`not a calendar date: ${date}`, FailureType.InvalidClosingDate);
    }
    if (
      days !== undefined &&
      (!Number.isInteger(days) || days < MIN_REVERIFY_BUSINESS_DAYS || days > MAX_REVERIFY_BUSINESS_DAYS)
    ) {
      throw ApplicationFailure.nonRetryable(`not a number of business days: ${days}`, FailureType.InvalidClosingDate);
    }
  };
  const changed = (): void => {
    heard.count += 1;
    publication.publish();
  };
  setHandler(
    setLoanClosingDateUpdate,
    (change) => {
      takeDefaults(state, change.defaults);
      const businessDays = change.reverify_business_days_before_closing ?? state.businessDays;
      setLoanDate(state, change.closing_date, businessDays);
      changed();
      return snapshotOf(state, Date.now());
    },
    { description: 'Sets, moves or clears (null) the closing date of every order of the loan', validator: validChange },
  );
  setHandler(
    registerOrderUpdate,
    (registration) => {
      takeDefaults(state, registration.defaults);
      registerOrder(state, registration, nowIso());
      changed();
      return snapshotOf(state, Date.now());
    },
    {
      description: "An order placed with this loan_id joins the loan (its own closing date sets the loan's)",
      validator: (registration: LoanOrderRegistration) => {
        if (!registration.orderId) throw ApplicationFailure.nonRetryable('an order id is required');
        validChange(registration);
      },
    },
  );
  setHandler(
    orderStartedSignal,
    ({ orderId, version }) => {
      orderStarted(state, orderId, version);
      changed();
    },
    { description: 'An order of the loan started: it is told the closing date if it started with an older one' },
  );
  setHandler(
    orderStandingSignal,
    (news) => {
      orderStanding(state, news);
      changed();
    },
    { description: 'An order of the loan tells where it stands, what the loan file shows of it, and when it closes' },
  );
  setHandler(loanQuery, () => snapshotOf(state, Date.now()), {
    description: 'The loan: closing date, due date, its orders, whether it is ready to close',
  });
}

/**
 * Keeps the loan's Temporal UI details and search attributes current (closing date, due date, ready or the blocking
 * lines, the count of orders), and the loan in the workflow's memo, where the API reads it by describe, without a
 * worker and without replay. Upserts only what changed.
 */
class LoanPublication {
  /** Each attribute's value as last published (JSON), by attribute name. */
  private readonly published = new Map<string, string>();
  /** The loan as last written to the memo (JSON, without its readiness, which the API judges itself). */
  private memo: string | null = null;

  /** A first run starts with the API's start attributes (the loan id alone); a continued one publishes all again. */
  constructor(
    private readonly state: LoanState,
    continued: boolean,
  ) {
    if (!continued) this.published.set(VoieClosingDate.name, 'null');
  }

  publish(): void {
    const { state } = this;
    const snapshot = snapshotOf(state, Date.now());
    const { ready_to_close: ready, blocking } = readinessOf(state, Date.now());
    const zone = state.defaults.timeZone;
    const date = state.closingDate
      ? `closing **${state.closingDate}**, re-verification due ${todayIn(snapshot.dueAt!, zone)}`
      : 'no closing date';
    const open = state.orders.filter((order) => !order.ended).length;
    const lines = [
      `${date} · ${state.orders.length} order(s), ${open} open · version ${state.version}`,
      ready ? 'ready to close' : ['not ready to close:', ...blocking.map((line) => `- ${line}`)].join('\n'),
    ];
    setCurrentDetails(lines.join('\n\n'));
    const { readiness: _judgedByTheApi, ...held } = snapshot;
    const json = JSON.stringify(held);
    if (json !== this.memo) {
      upsertMemo({ loan: snapshot });
      this.memo = json;
    }
    const wanted: SearchAttributeUpdatePair[] = [
      { key: VoieClosingDate, value: state.closingDate },
      { key: VoieLoanReady, value: String(ready) },
    ];
    const changed = wanted.filter((pair) => this.published.get(pair.key.name) !== JSON.stringify(pair.value));
    if (changed.length === 0) return;
    upsertSearchAttributes(changed);
    for (const pair of changed) this.published.set(pair.key.name, JSON.stringify(pair.value));
  }
}
