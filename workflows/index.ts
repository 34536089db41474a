export * from './verification-order';
export * from './result-redelivery';
