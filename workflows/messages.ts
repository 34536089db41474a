import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DeliveryAttempt, OrderReport, OrderView, ProviderHint } from '../src/domain';
import type { OrderRecord } from './order-record';

/** A provider webhook, reduced to a hint. The workflow re-reads the provider order before acting on it. */
export const providerHintSignal = defineSignal<[ProviderHint]>('providerHint');

/** The LOS asks to cancel the order. Rejected (validator) once the order is terminal. */
export const cancelOrderUpdate = defineUpdate<OrderView, [{ reason?: string }]>('cancelOrder');

/** The contract's order view. */
export const orderQuery = defineQuery<OrderView>('order');

/** The report of a completed order, or null. */
export const reportQuery = defineQuery<OrderReport | null>('report');

/** Everything the API serves about the order (what the workflow returns when it ends). */
export const orderRecordQuery = defineQuery<OrderRecord>('orderRecord');

/** The attempts of an order's redeliveries so far. */
export const redeliveryLogQuery = defineQuery<DeliveryAttempt[]>('redeliveryLog');
