/**
 * A closing date for an order: set, moved or cleared (null) by the LOS's PATCH, or by the order's loan. A loan's
 * change carries the loan's `loanVersion`, which orders its changes: the order applies each version once, and none
 * older than one it applied. The same date again changes nothing.
 */
export interface ClosingDateChange {
  closing_date: string | null;
  /** The loan's business days before closing, when the loan set them; else the order's policy. */
  businessDays?: number;
  /** The loan's count of changes; absent for the LOS's PATCH of an order without a loan. */
  loanVersion?: number;
}

/** The order's loan, when it was placed with a `loan_id`: the loan's workflow, and its closing date at placement. */
export interface LoanLink {
  workflowId: string;
  closingDate: ClosingDateChange & { loanVersion: number };
}
