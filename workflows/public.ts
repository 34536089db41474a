/**
 * What the rest of voie may know of the workflows: their names and inputs, the messages they answer, what they return,
 * the task queues and search attributes they use, and the failure types they raise. `src/` and `activities/` import
 * workflows/ only through this module (lint enforces it); the workflow code behind it changes freely.
 */
import type { OrderView } from '../src/domain';
import { orderAtStart } from './reverification-plan';
import type { OrderStart } from './state';
import { toView } from './view';
import type { resultRedelivery } from './result-redelivery';
import type { verificationOrder } from './verification-order';
import type { loan } from './loan';
import type { providerSlot } from './provider-slot';
import type { reuseLedger } from './reuse-ledger';

export * from './messages';
export * from './loan-messages';
export * from './reuse-messages';
export type { ClosingDateChange, LoanLink } from './closing-date-change';
export { FailureType } from './failure-types';
export type { OrderRecord } from './order-record';
export type { OrderEnded, OrderMetricsSinks } from './order-end';
export type { SentDelivery } from './state';
export type { VerificationOrderInput } from './verification-order';
export type { ResultRedeliveryInput } from './result-redelivery';
export { redeliveryWorkflowId } from './result-redelivery';
export { ORDERS_TASK_QUEUE, providerActivityType, providerTaskQueue } from './task-queues';
export * from './search-attributes';
export { READ_TIMEOUT } from './provider-calls';

/** The order workflow's type, to start it by name: `client.workflow.start<VerificationOrderWorkflow>(…)`. */
export type VerificationOrderWorkflow = typeof verificationOrder;
export const VERIFICATION_ORDER_WORKFLOW = 'verificationOrder';

/** The redelivery workflow's type (`POST /v1/orders/{id}/redeliver`). */
export type ResultRedeliveryWorkflow = typeof resultRedelivery;
export const RESULT_REDELIVERY_WORKFLOW = 'resultRedelivery';

/** The view of an order the API just started, before its workflow ran: what `201 Created` answers. */
export function initialView(start: OrderStart): OrderView {
  return toView(orderAtStart(start));
}

/** The loan workflow's type (`PUT /v1/loans/{loan_id}`, and orders placed with a `loan_id`); its id `loanWorkflowId`. */
export type LoanWorkflow = typeof loan;
export const LOAN_WORKFLOW = 'loan';

/** The provider-slot workflow's type: one slot of a provider's rate limit for a request the API makes itself. */
export type ProviderSlotWorkflow = typeof providerSlot;
export const PROVIDER_SLOT_WORKFLOW = 'providerSlot';
export type { ProviderSlotInput } from './provider-slot';

/** The reuse ledger's type: one per tenant, provider, borrower and employer (`reuseLedgerId`), started by a claim. */
export type ReuseLedgerWorkflow = typeof reuseLedger;
export const REUSE_LEDGER_WORKFLOW = 'reuseLedger';
