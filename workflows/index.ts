export * from './verification-order';
