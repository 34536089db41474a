import type { z } from 'zod';
import type { orderViewSchema } from '../domain/contract/order-view';
import type { orderRequestSchema } from './order-schema';

/** An order as an LOS places it with Truework: one applicant, one employer, the purpose Truework requires. */
export const ORDER_REQUEST_EXAMPLE: z.input<typeof orderRequestSchema> = {
  external_id: 'los-loan-1042-voie-1',
  provider: 'truework',
  permissible_purpose: 'credit-application',
  loan_id: 'LN-1042',
  applicant: { first_name: 'Jane', last_name: 'Doe', ssn: '000-00-0000', date_of_birth: '1985-04-12' },
  employer: { name: 'Acme Corp' },
};

/** That order a few seconds after it was placed, the provider at work on it. */
export const ORDER_EXAMPLE: z.output<typeof orderViewSchema> = {
  id: 'vo_3f9a1c2b7d4e5f6a7b8c9d0e',
  external_id: 'los-loan-1042-voie-1',
  provider: 'truework',
  provider_order_id: 'vr_8c1d2e3f',
  waterfall: null,
  status: 'pending',
  type: 'employment-income',
  loan_id: 'LN-1042',
  applicant: { first_name: 'Jane', last_name: 'Doe', ssn_last4: '0000' },
  employer: { name: 'Acme Corp' },
  employments: [
    { employer: { name: 'Acme Corp' }, provider_order_id: 'vr_8c1d2e3f', status: 'pending', outcome: null },
  ],
  attempts: [
    {
      provider: 'truework',
      provider_order_id: 'vr_8c1d2e3f',
      status: 'pending',
      outcome: null,
      started_at: '2026-03-02T14:05:00.000Z',
      ended_at: null,
      reason: null,
      estimated_cost: 0,
      reused: null,
    },
  ],
  created_at: '2026-03-02T14:05:00.000Z',
  updated_at: '2026-03-02T14:05:02.000Z',
  events: [{ at: '2026-03-02T14:05:02.000Z', source: 'system', type: 'provider_order_created', status: 'pending' }],
  applicant_action: null,
  result: null,
  closing_date: null,
  completed_at: null,
  reverifiable_until: null,
  reverification: null,
  reverifications: [],
  estimated_cost: 0,
};
