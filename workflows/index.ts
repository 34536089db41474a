export { verificationOrder } from './verification-order';
export { resultRedelivery } from './result-redelivery';
export { loan } from './loan';
export { providerSlot } from './provider-slot';
export { reuseLedger } from './reuse-ledger';
