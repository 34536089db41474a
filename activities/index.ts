export * from './provider-activities';
export * from './delivery';
export * from './reuse';
export type { CancelReason } from '../src/providers/provider';
