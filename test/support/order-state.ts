import type { OrderPolicy, OrderRequest, ProviderSnapshot } from '../../src/domain';
import type { OrderStart } from '../../workflows/state';

/** The one instant the pure order-state tests run at. */
export const AT = '2026-01-01T00:00:00.000Z';

/** A provider snapshot of `P1` (unless `extra` names another) in `status`, with no report yet. */
export function snapshot(status: ProviderSnapshot['status'], extra: Partial<ProviderSnapshot> = {}): ProviderSnapshot {
  return { providerOrderId: 'P1', status, rawStatus: status, reportIds: [], correlationIds: [], ...extra };
}

/** An order as the API starts it: one Truework employer, webhooks to the LOS; `policy` and `request` override. */
export function orderStart(
  overrides: { policy?: Partial<OrderPolicy>; request?: Partial<OrderRequest>; at?: string } = {},
): OrderStart {
  return {
    orderId: 'vo_0123456789abcdef01234567',
    createdAt: overrides.at ?? AT,
    policy: {
      cancelOnActionRequired: true,
      pollIntervalMs: 60_000,
      pollIntervalMaxMs: 3_600_000,
      deadlineMs: 86_400_000,
      employersPerProviderOrder: 1,
      reverifyBusinessDays: 5,
      timeZone: 'America/New_York',
      reverifyWindowMs: 120 * 86_400_000,
      ...overrides.policy,
    },
    request: {
      external_id: 'loan-1',
      provider: 'truework',
      type: 'employment-income',
      use_case: 'mortgage',
      permissible_purpose: 'credit-application',
      applicant: { first_name: 'Jane', last_name: 'Doe', ssn: '123-45-6789' },
      employers: [{ name: 'Acme' }],
      callback_url: 'https://los.example.com/hook',
      ...overrides.request,
    },
  };
}
