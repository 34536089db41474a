/**
 * One verification order, from the provider order's creation to the result at the LOS. This file is the workflow's
 * face: what it starts with and the messages it answers. The run itself is `OrderRun` (`order-run.ts`), its
 * decisions are the state machine's (`order-state.ts`), provider calls and deliveries are activities.
 */
import { ApplicationFailure, log, patched, setHandler } from '@temporalio/workflow';
import type { OrderPolicy, OrderRequest, ProviderHint } from '../src/domain';
import { isCalendarDate, isTerminal } from '../src/domain';
import { FailureType } from './failure-types';
import {
  cancelOrderUpdate,
  orderQuery,
  orderRecordQuery,
  patchOrderUpdate,
  providerHintSignal,
  providerHintsSignal,
  reportQuery,
  reverifyNowUpdate,
} from './messages';
import type { OrderRecord } from './order-record';
import { toRecord } from './order-record';
import { OrderRun } from './order-run';
import type { OrderState } from './order-state';
import { acceptHint, requestCancel, restatesLastRead } from './order-state';
import { toView } from './order-view';
import {
  cancelReverification,
  cancelsReverification,
  closingDateLocked,
  reverifyNowRefused,
  setClosingDate,
} from './reverification-state';
import { nowIso } from './workflow-clock';

/**
 * Patch: a webhook that restates what the latest read of its provider order said is recorded on the timeline without
 * a read (an activity and two workflow tasks). Asked only when a hint restates the last read, so an order that never
 * gets one records no marker. The histories recorded before it replay the read.
 */
const RESTATED_HINTS_UNREAD_PATCH = 'restated-hints-unread';

/** What the API starts an order with. `state` is set only when the order continues as new. */
export interface VerificationOrderInput {
  orderId: string;
  request: OrderRequest;
  policy: OrderPolicy;
  createdAt: string;
  state?: OrderState;
  /**
   * The API started the order with its search attributes (status `creating`, provider): the run does not upsert
   * them again. Absent from orders started before it was set.
   */
  attributesAtStart?: true;
}

/**
 * Returns the order's record (final view, report, delivery log, last result event): Temporal keeps it in the close
 * event, where the API reads an ended order without a worker.
 */
export async function verificationOrder(input: VerificationOrderInput): Promise<OrderRecord> {
  const run = new OrderRun(input);
  const { state } = run;

  // Only while the run waits: a read in flight may find the provider moved on, and the hint restate it.
  const worthReading = (hint: ProviderHint): boolean =>
    !(run.waiting && restatesLastRead(state, hint) && patched(RESTATED_HINTS_UNREAD_PATCH));
  const accept = (hint: ProviderHint): void => {
    if (!acceptHint(state, hint, worthReading)) log.info('duplicate provider hint ignored', { hintId: hint.id });
  };
  // The descriptions are what an operator reads in the Temporal UI and `temporal workflow metadata`.
  setHandler(providerHintSignal, accept, { description: 'A provider webhook, as a hint to read the provider order' });
  setHandler(providerHintsSignal, (hints) => hints.forEach(accept), {
    description: 'Provider webhooks that arrived together, as hints to read the provider orders',
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

  setHandler(
    patchOrderUpdate,
    ({ closing_date: closingDate, defaults }) => {
      setClosingDate(state, closingDate, nowIso(), defaults);
      return toView(state);
    },
    {
      description: 'Sets, moves or clears (null) the closing date, rescheduling the re-verification before closing',
      validator: ({ closing_date: closingDate }: { closing_date: string | null }) => {
        if (closingDate !== null && !isCalendarDate(closingDate)) {
          throw ApplicationFailure.nonRetryable(`not a calendar date: ${closingDate}`, FailureType.InvalidClosingDate);
        }
        const locked = closingDateLocked(state);
        if (locked) throw ApplicationFailure.nonRetryable(locked, FailureType.ReverificationLocked);
      },
    },
  );
  setHandler(
    reverifyNowUpdate,
    () => {
      state.reverification!.runNow = true;
      return toView(state);
    },
    {
      description: 'Runs the re-verification now instead of on its due date',
      validator: () => {
        const refused = reverifyNowRefused(state);
        if (refused) throw ApplicationFailure.nonRetryable(refused, FailureType.ReverificationLocked);
      },
    },
  );

  await run.run();
  return toRecord(state);
}
