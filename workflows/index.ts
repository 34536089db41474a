export { verificationOrder } from './verification-order';
export { resultRedelivery } from './result-redelivery';
