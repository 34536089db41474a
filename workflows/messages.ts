import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DeliveryAttempt, OrderReport, OrderView, ProviderHint } from '../src/domain';
import type { OrderRecord } from './order-record';

/** A provider webhook, reduced to a hint. The workflow re-reads the provider order before acting on it. */
export const providerHintSignal = defineSignal<[ProviderHint]>('providerHint');

/** Several hints in one signal: progress events the ingress held back, and the hint that came after them. */
export const providerHintsSignal = defineSignal<[ProviderHint[]]>('providerHints');

/** The LOS asks to cancel the order. Rejected (validator) once the order is terminal. */
export const cancelOrderUpdate = defineUpdate<OrderView, [{ reason?: string }]>('cancelOrder');

/**
 * The LOS sets, moves or clears (null) the closing date. `defaults` are the API's configured business days and time
 * zone, for an order placed without a closing date. Rejected (validator) once the re-verification ran or the order
 * ended otherwise than completed.
 */
export const patchOrderUpdate = defineUpdate<
  OrderView,
  [{ closing_date: string | null; defaults?: { businessDays?: number; timeZone?: string } }]
>('patchOrder');

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
