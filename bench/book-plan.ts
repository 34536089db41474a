/**
 * The lender's book the `book` phase fills: loans of one to three orders, each loan either Truv orders waiting for
 * their applicant (the simulator's `Idle` applicant never acts) or Truework orders that complete and then wait for a
 * re-verification before the loan's closing date, some weeks ahead.
 */
import { daysAhead, freshLoanId, trueworkOrderBody, truvOrderBody, type OrderBody } from '../test/kit';

/** What a loan's orders wait for once placed. */
export type LoanKind = 'applicant' | 'reverification';

/** One loan of the book and its orders (ids once placed). */
export interface BookLoan {
  id: string;
  kind: LoanKind;
  size: number;
  orderIds: string[];
  /** The closing date PUT on a loan of orders waiting for their re-verification. */
  closingDate?: string;
}

/** Closing dates fall 4 to 8 weeks ahead: within the 120-day window, so every re-verification is scheduled. */
const CLOSING_DAYS = { min: 28, max: 56 } as const;

/**
 * Loans of `count` orders in all, sizes cycling 1, 2, 3 (the last takes what is left). Each run of three loans (one
 * of each size) waits on its applicants or for its re-verifications, `applicantShare` of the runs the former, spread
 * evenly, so both kinds have loans of every size at any count. `first` numbers the loans on from an earlier plan.
 */
export function planBook(count: number, applicantShare: number, first = 0): BookLoan[] {
  const loans: BookLoan[] = [];
  const span = CLOSING_DAYS.max - CLOSING_DAYS.min + 1;
  for (let placed = 0, i = first; placed < count; i += 1) {
    const size = Math.min((i % 3) + 1, count - placed);
    const run = Math.floor(i / 3);
    const kind: LoanKind =
      Math.floor((run + 1) * applicantShare) > Math.floor(run * applicantShare) ? 'applicant' : 'reverification';
    loans.push({
      id: freshLoanId(),
      kind,
      size,
      orderIds: [],
      ...(kind === 'reverification' ? { closingDate: daysAhead(CLOSING_DAYS.min + ((i * 7) % span)) } : {}),
    });
    placed += size;
  }
  return loans;
}

/**
 * The body of an order of `loan`: a Truv order whose applicant never acts, or a Truework order that completes
 * (sandbox SSN 000-00-0000); voie's default options, so both poll on voie's schedule.
 */
export function bookOrderBody(loan: Pick<BookLoan, 'id' | 'kind'> | undefined, callbackUrl: string): OrderBody {
  const loanId = loan ? { loan_id: loan.id } : {};
  return loan?.kind === 'reverification'
    ? trueworkOrderBody(callbackUrl, { options: {}, ...loanId })
    : truvOrderBody(callbackUrl, 'Idle', { options: undefined, ...loanId });
}
