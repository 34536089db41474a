/**
 * The order's vocabulary: what the LOS asks for, what it reads back, what providers report, and the lender's
 * calendar (federal business days, dates in a time zone). Plain data and pure functions, imported by every layer
 * (workflows included); it imports nothing of voie and nothing of Node.
 *
 * The shapes the contract shows the LOS (order view, report, deliveries) are zod schemas in `contract/`, with their
 * types inferred. This barrel re-exports only the types: the workflows import it, and their bundle carries no zod.
 * The API imports the schemas from `contract/` itself.
 */
export * from './business-days';
export * from './calendar-date';
export * from './cancel-reason';
export * from './delivery-log';
export * from './federal-holidays';
export * from './normalized-report';
export * from './order-id';
export * from './order-request';
export * from './order-status';
export * from './order-view';
export * from './loan-readiness';
export * from './loan-standing';
export * from './provider-prices';
export * from './provider-snapshot';
export * from './step-outcome';
export * from './reverification';
export * from './reverification-due';
export * from './reuse-key';
export * from './tenant';
export * from './time-zone';
export type {
  AttemptView,
  DeliveryStatus,
  EmploymentView,
  OrderResult,
  OrderView,
  TimelineEvent,
} from './contract/order-view';
export type {
  GseReference,
  NormalizedEmployment,
  NormalizedIncomeYear,
  NormalizedPay,
  NormalizedReport,
  OrderReport,
} from './contract/order-report';
export type { OrderSummary } from './contract/order-summary';
export type { LoanFile, LoanFileOrder } from './contract/loan-file';
export type { ReverificationResult, ReverificationView } from './contract/reverification';
export type { DeliveryAttempt, DeliveryPayload } from './contract/delivery';
