/** The tenant has no order with this `loan_id` (and no loan workflow): the API's `404`. */
export class LoanNotFoundError extends Error {
  override name = 'LoanNotFoundError';
  constructor(readonly loanId: string) {
    super(`no order with loan_id ${loanId}`);
  }
}
