/**
 * The order's vocabulary: what the LOS asks for, what it reads back, what providers report, and the lender's
 * calendar (federal business days, dates in a time zone). Plain data and pure functions, imported by every layer
 * (workflows included); it imports nothing of voie and nothing of Node.
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
export * from './provider-snapshot';
export * from './step-outcome';
export * from './reverification';
export * from './reverification-due';
export * from './time-zone';
