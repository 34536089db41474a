export * from './provider-activities';
export * from './delivery';
export type { CancelReason } from '../src/providers/provider';
