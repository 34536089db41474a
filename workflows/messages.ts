import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DeliveryAttempt, OrderReport, OrderView, ProviderHint } from '../src/domain';
import type { ClosingDateChange } from './closing-date-change';
import type { OrderRecord } from './order-record';

/** A provider webhook, reduced to a hint. The workflow re-reads the provider order before acting on it. */
export const providerHintSignal = defineSignal<[ProviderHint]>('providerHint');

/** Several hints in one signal: progress events the ingress held back, and the hint that came after them. */
export const providerHintsSignal = defineSignal<[ProviderHint[]]>('providerHints');

/** The LOS asks to cancel the order. Rejected (validator) once the order is terminal. */
export const cancelOrderUpdate = defineUpdate<OrderView, [{ reason?: string }]>('cancelOrder');

/**
 * The LOS (or the API for the order's loan) sets, moves or clears the closing date, re-planning the re-verification.
 * Rejected (validator) past the order's re-verification window or once it ended otherwise than completed.
 */
export const patchOrderUpdate = defineUpdate<OrderView, [ClosingDateChange]>('patchOrder');

/** The order's loan tells it the loan's closing date (the loan's own durable fan-out of each change). */
export const loanClosingDateSignal = defineSignal<[ClosingDateChange]>('loanClosingDate');

/** The LOS asks for the re-verification now. Rejected (validator) unless the order completed with one scheduled. */
export const reverifyNowUpdate = defineUpdate<OrderView, []>('reverifyNow');

/** The contract's order view. */
export const orderQuery = defineQuery<OrderView>('order');

/** The report of a completed order, or null. */
export const reportQuery = defineQuery<OrderReport | null>('report');

/** Everything the API serves about the order (what the workflow returns when it ends). */
export const orderRecordQuery = defineQuery<OrderRecord>('orderRecord');

/** The attempts of an order's redeliveries so far. */
export const redeliveryLogQuery = defineQuery<DeliveryAttempt[]>('redeliveryLog');
