/**
 * Tenants: the LOSes (or lenders) one voie serves, each seeing only its own orders and loans. An API key belongs to
 * one tenant; the order a key places is that tenant's for its whole life.
 */

/** The tenant of a bare API key (no `TENANT:` prefix), and of every order placed before an order named its tenant. */
export const DEFAULT_TENANT = 'default';

/** A tenant's name: 1–32 of `a-z`, `0-9` and `-` (it becomes part of workflow ids and log lines as it is). */
export const TENANT_PATTERN = /^[a-z0-9-]{1,32}$/;

/** One `TENANT:VALUE` item of a setting (`VOIE_API_KEYS`, `VOIE_CALLBACK_SECRETS`); a bare `VALUE` is the default's. */
export interface TenantItem {
  tenant: string;
  value: string;
}

/**
 * Splits `TENANT:VALUE` at its first `:`; an item without one is the default tenant's. Undefined when what precedes
 * the `:` is not a tenant's name or nothing follows it: a setting must say which tenant a secret belongs to, never
 * guess.
 */
export function parseTenantItem(item: string): TenantItem | undefined {
  const colon = item.indexOf(':');
  if (colon < 0) return { tenant: DEFAULT_TENANT, value: item };
  const tenant = item.slice(0, colon);
  const value = item.slice(colon + 1);
  return TENANT_PATTERN.test(tenant) && value ? { tenant, value } : undefined;
}
