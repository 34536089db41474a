/** The employer of the orders tests and the bench place: the address shape of the providers' own samples. */
export const SAMPLE_EMPLOYER = {
  name: 'Acme Inc',
  address: {
    line1: '1234 Rainbow Road',
    city: 'San Francisco',
    state: 'CA',
    postal_code: '98265',
    country: 'US',
  },
} as const;
