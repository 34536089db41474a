import type { OrderRequest } from '../../src/domain';
import type { ProviderOrderRef } from '../../src/providers/provider';

/** The Truv credentials and voie order id the Truv client tests share. */
export const CLIENT_ID = 'client-123';
export const SECRET = 'sandbox-0123456789abcdef';
export const ORDER_ID = 'vo_00112233445566778899aabb';

/** A Truv order request of one employer, for an applicant whose first name picks the simulator's scenario. */
export function request(firstName: string, overrides: Partial<OrderRequest> = {}): OrderRequest {
  return {
    external_id: 'loan-8812-borrower-1',
    provider: 'truv',
    type: 'employment-income',
    use_case: 'mortgage',
    loan_id: '8812',
    applicant: {
      first_name: firstName,
      last_name: 'Doe',
      ssn: '991-91-9991',
      email: 'jane@example.test',
      phone: '+1 (415) 555-0100',
    },
    employers: [
      {
        name: 'Acme Inc',
        address: {
          line1: '1234 Rainbow Road',
          line2: 'Suite 5',
          city: 'San Francisco',
          state: 'CA',
          postal_code: '98265',
        },
      },
    ],
    ...overrides,
  };
}

/** The one provider order of a voie order, for its first `count` employers. */
export function ref(orderId = ORDER_ID, count = 1): ProviderOrderRef {
  return { orderId, employers: Array.from({ length: count }, (_, index) => index) };
}
