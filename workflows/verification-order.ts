/**
 * One verification order, from the provider order's creation to the result at the LOS. This file is the workflow's
 * face: what it starts with and the messages it answers. The run itself is `OrderRun` (`order-run.ts`), its
 * decisions are the state machine's (`order-state.ts`), provider calls and deliveries are activities.
 */
import { ApplicationFailure, log, setHandler } from '@temporalio/workflow';
import type { OrderPolicy, OrderRequest, OrderView, ProviderHint } from '../src/domain';
import { isTerminal } from '../src/domain';
import { FailureType } from './failure-types';
import { cancelOrderUpdate, orderQuery, providerHintSignal, providerHintsSignal, reportQuery } from './messages';
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
  /**
   * The API started the order with its search attributes (status `creating`, provider): the run does not upsert
   * them again. Absent from orders started before it was set.
   */
  attributesAtStart?: true;
}

export function verificationOrder(input: VerificationOrderInput): Promise<OrderView> {
  const run = new OrderRun(input);
  const { state } = run;

  const accept = (hint: ProviderHint): void => {
    if (!acceptHint(state, hint)) log.info('duplicate provider hint ignored', { hintId: hint.id });
  };
  setHandler(providerHintSignal, accept);
  setHandler(providerHintsSignal, (hints) => hints.forEach(accept));
  setHandler(orderQuery, () => toView(state));
  setHandler(reportQuery, () => state.report);
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

  return run.run();
}
