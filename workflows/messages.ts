import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { OrderReport, OrderView, ProviderHint } from '../src/domain';

/** A provider webhook, reduced to a hint. The workflow re-reads the provider order before acting on it. */
export const providerHintSignal = defineSignal<[ProviderHint]>('providerHint');

/** Several hints in one signal: progress events the ingress held back, and the hint that came after them. */
export const providerHintsSignal = defineSignal<[ProviderHint[]]>('providerHints');

/** The LOS asks to cancel the order. Rejected (validator) once the order is terminal. */
export const cancelOrderUpdate = defineUpdate<OrderView, [{ reason?: string }]>('cancelOrder');

/** The contract's order view. */
export const orderQuery = defineQuery<OrderView>('order');

/** The report of a completed order, or null. */
export const reportQuery = defineQuery<OrderReport | null>('report');
