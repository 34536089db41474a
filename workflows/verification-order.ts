/**
 * One verification order, from the provider order's creation to the result at the LOS and, once completed, its
 * re-verification window: re-verifications before closing, planned for the (loan's) closing date, until the window
 * ends. The workflow function wires it together: the handlers (each calls one decision over the state), the phases in
 * order, the result deliveries beside them, its loan told where it stands, and continue-as-new, which any wait may
 * call for.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  setHandler,
} from '@temporalio/workflow';
import type { ProviderHint } from '../src/domain';
import { isCalendarDate, isTerminal } from '../src/domain';
import { requestCancel } from './attempts';
import { FailureType } from './failure-types';
import {
  cancelOrderUpdate,
  loanClosingDateSignal,
  orderQuery,
  orderRecordQuery,
  patchOrderUpdate,
  providerHintSignal,
  providerHintsSignal,
  reportQuery,
  reverifyNowUpdate,
} from './messages';
import type { OrderRecord } from './order-record';
import { OrderRun } from './order-run';
import { acceptHint } from './provider-orders';
import { recheckedByOther, relayHint, relaysOf } from './reuse';
import { reuseKeySettledSignal, reuseOwnerCheckSignal, verificationRecheckedSignal } from './reuse-messages';
import { Publication } from './publication';
import { ResultDeliveries } from './result-deliveries';
import { toRecord } from './result-events';
import { ReverificationPhase } from './reverification';
import type { ClosingDateChange } from './closing-date-change';
import { LoanTies } from './loan-ties';
import {
  cancelReverification,
  cancelsReverification,
  closingDateRefused,
  orderAtStart,
  passLoanChange,
  requestReverifyNow,
  reverifyNowRefused,
  setClosingDate,
} from './reverification-plan';
import type { OrderStart, OrderState } from './state';
import { toView } from './view';
import { ContinueAsNewDue, waitFor } from './waits';
import { nowIso } from './workflow-clock';

/** What the API starts an order with; `state` is what a run continued as new goes on from. */
export interface VerificationOrderInput extends OrderStart {
  state?: OrderState;
}

/**
 * Returns the order's record (final view, report, delivery log, last result event): Temporal keeps it in the close
 * event, where the API reads an ended order without a worker.
 */
export async function verificationOrder(input: VerificationOrderInput): Promise<OrderRecord> {
  const { state: carried, ...start } = input;
  const state = carried ?? orderAtStart(start);
  const loan = new LoanTies(state);
  const publication = new Publication(state, carried !== undefined, loan);
  const deliveries = new ResultDeliveries(state, () => publication.publish());
  setHandlers(state, publication);

  try {
    deliveries.start();
    if (!carried) loan.started();
    publication.publish();
    await new OrderRun(state, publication).run();
    if (state.status === 'completed') await new ReverificationPhase(state, publication).run();
    else cancelReverification(state, `the order ended ${state.status}`, nowIso());
    publication.publish();
    await waitFor(() => deliveries.settled && allHandlersFinished());
  } catch (err) {
    if (!(err instanceof ContinueAsNewDue)) throw err;
    // The delivery in flight and the handlers running finish first; what arrives meanwhile stays in the state.
    await condition(() => !deliveries.inFlight && allHandlersFinished());
    publication.publish();
    await condition(() => loan.idle);
    return continueAsNew<typeof verificationOrder>({ ...start, state });
  }
  loan.tell(true);
  await condition(() => loan.idle);
  return toRecord(state);
}

/**
 * The order's messages: each handler calls one decision over the state, then publishes what changed (search
 * attributes and the UI's details follow every change at once). The descriptions are what an operator reads in the
 * Temporal UI.
 */
function setHandlers(state: OrderState, publication: Publication): void {
  const accept = (hints: ProviderHint[]): void => {
    for (const hint of hints) {
      // Another order's re-check of this order's verification: passed on, and taken here only while this order's
      // own re-verification runs (its re-check may not be recorded yet).
      const relays = relaysOf(state, hint);
      for (const ledgerId of relays) void relayHint(ledgerId, hint);
      if (relays.length > 0 && state.reverification?.status !== 'running') continue;
      if (!acceptHint(state, hint)) log.debug('duplicate provider hint ignored', { hintId: hint.id });
    }
    publication.publish();
  };
  setHandler(providerHintSignal, (hint) => accept([hint]), {
    description: 'A provider webhook, as a hint to read the provider order',
  });
  setHandler(providerHintsSignal, accept, {
    description: 'Provider webhooks that arrived together, as hints to read the provider orders',
  });
  setHandler(verificationRecheckedSignal, ({ providerOrderId }) => recheckedByOther(state, providerOrderId), {
    description: "Another order re-verified this order's verification (reuse): not a re-check of this order's own",
  });
  setHandler(reuseKeySettledSignal, () => void (state.reuseKeySettled = (state.reuseKeySettled ?? 0) + 1), {
    description: 'The order that owned the borrower and employer this order waits on settled: claim again now',
  });
  setHandler(reuseOwnerCheckSignal, () => undefined, {
    description: 'The reuse ledger checks that this order, owning a borrower and employer, still runs (nothing to do)',
  });
  setHandler(orderQuery, () => toView(state), {
    description: 'The order as GET /v1/orders/{id} answers it: status, employments, timeline, re-verification',
  });
  setHandler(reportQuery, () => state.report, { description: 'The normalized report, once the order completed' });
  setHandler(orderRecordQuery, () => toRecord(state), {
    description: 'The order, its report and its deliveries to the LOS, as the workflow will return them',
  });
  setHandler(
    cancelOrderUpdate,
    ({ reason }) => {
      // A completed order's cancel is the cancel of its scheduled re-verification; the order stays completed.
      if (cancelsReverification(state)) cancelReverification(state, reason ?? 'canceled by the LOS', nowIso());
      else requestCancel(state, reason ?? 'canceled by the LOS', nowIso());
      publication.publish();
      return toView(state);
    },
    {
      description: "The LOS's cancel: of the order while it is open, of its scheduled re-verification once completed",
      validator: (_request) => {
        if (isTerminal(state.status) && !cancelsReverification(state)) {
          throw ApplicationFailure.nonRetryable(`order is already ${state.status}`, FailureType.OrderTerminal);
        }
      },
    },
  );
  const setClosing = (change: ClosingDateChange): void => {
    const version = state.loanVersion;
    // The same date again still moves the loan's version the order applied, which it tells its loan.
    if (setClosingDate(state, change, nowIso()) || state.loanVersion !== version) publication.publish();
  };
  setHandler(
    patchOrderUpdate,
    (change) => {
      setClosing(change);
      return toView(state);
    },
    {
      description: 'Sets, moves or clears (null) the closing date, re-planning the re-verification before closing',
      validator: ({ closing_date: closingDate }: ClosingDateChange) => {
        if (closingDate !== null && !isCalendarDate(closingDate)) {
          throw ApplicationFailure.nonRetryable(`not a calendar date: ${closingDate}`, FailureType.InvalidClosingDate);
        }
        const refused = closingDateRefused(state, Date.now());
        if (refused) throw ApplicationFailure.nonRetryable(refused, FailureType.ReverificationLocked);
      },
    },
  );
  setHandler(
    loanClosingDateSignal,
    (change) => {
      // The loan tells every order; one that ended otherwise than completed or is past its window keeps what it had.
      const valid = change.closing_date === null || isCalendarDate(change.closing_date);
      if (valid && !closingDateRefused(state, Date.now())) setClosing(change);
      // It has heard the change all the same: its loan may show what it last told as current.
      else if (passLoanChange(state, change)) publication.publish();
    },
    { description: "The loan's closing date, which the order follows (each of the loan's changes once, in order)" },
  );
  setHandler(
    reverifyNowUpdate,
    () => {
      requestReverifyNow(state, nowIso());
      publication.publish();
      return toView(state);
    },
    {
      description: 'Runs a re-verification now: the scheduled one, or a new one',
      validator: () => {
        const refused = reverifyNowRefused(state, Date.now());
        if (refused) throw ApplicationFailure.nonRetryable(refused, FailureType.ReverificationLocked);
      },
    },
  );
}
