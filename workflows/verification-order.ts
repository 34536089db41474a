/**
 * One verification order, from the provider order's creation to the result at the LOS. This file is the workflow's
 * face: what it starts with and the messages it answers. The run itself is `OrderRun` (`order-run.ts`), its
 * decisions are the state machine's (`order-state.ts`), provider calls and deliveries are activities.
 */
import { ApplicationFailure, log, setHandler } from '@temporalio/workflow';
import type { OrderPolicy, OrderRequest } from '../src/domain';
import { isTerminal } from '../src/domain';
import { FailureType } from './failure-types';
import { cancelOrderUpdate, orderQuery, orderRecordQuery, providerHintSignal, reportQuery } from './messages';
import type { OrderRecord } from './order-record';
import { toRecord } from './order-record';
import { OrderRun } from './order-run';
import type { OrderState } from './order-state';
import { acceptHint, requestCancel } from './order-state';
import { toView } from './order-view';
import { nowIso } from './workflow-clock';

/** What the API starts an order with. `state` is set only when the order continues as new. */
export interface VerificationOrderInput {
  orderId: string;
  request: OrderRequest;
  policy: OrderPolicy;
  createdAt: string;
  state?: OrderState;
}

/**
 * Returns the order's record (final view, report, delivery log, last result event): Temporal keeps it in the close
 * event, where the API reads an ended order without a worker.
 */
export async function verificationOrder(input: VerificationOrderInput): Promise<OrderRecord> {
  const run = new OrderRun(input);
  const { state } = run;

  setHandler(providerHintSignal, (hint) => {
    if (!acceptHint(state, hint)) log.info('duplicate provider hint ignored', { hintId: hint.id });
  });
  setHandler(orderQuery, () => toView(state));
  setHandler(reportQuery, () => state.report);
  setHandler(orderRecordQuery, () => toRecord(state));
  setHandler(
    cancelOrderUpdate,
    ({ reason }) => {
      requestCancel(state, reason ?? 'canceled by the LOS', nowIso());
      return toView(state);
    },
    {
      validator: (_request) => {
        if (isTerminal(state.status)) {
          throw ApplicationFailure.nonRetryable(`order is already ${state.status}`, FailureType.OrderTerminal);
        }
      },
    },
  );

  await run.run();
  return toRecord(state);
}
