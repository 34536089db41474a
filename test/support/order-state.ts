import type { ProviderSnapshot } from '../../src/domain';

/** The one instant the pure order-state tests run at. */
export const AT = '2026-01-01T00:00:00.000Z';

/** A provider snapshot of `P1` (unless `extra` names another) in `status`, with no report yet. */
export function snapshot(status: ProviderSnapshot['status'], extra: Partial<ProviderSnapshot> = {}): ProviderSnapshot {
  return { providerOrderId: 'P1', status, rawStatus: status, reportIds: [], correlationIds: [], ...extra };
}
