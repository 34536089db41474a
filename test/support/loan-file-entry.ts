import type { LoanFileEntry, OrderStatus } from '../../src/domain';

/** What an order of a loan tells its loan the loan file shows of it: a borrower's order of one employer. */
export function loanFileEntry(id: string, status: OrderStatus = 'processing'): LoanFileEntry {
  return {
    order: {
      id,
      external_id: `los-${id}`,
      status,
      type: 'employment',
      applicant: { first_name: 'Jane', last_name: 'Doe', ssn_last4: '0000' },
      employments: [],
      reverification: null,
      estimated_cost: null,
    },
    gse: [],
  };
}
