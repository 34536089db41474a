import { priceKey } from '../domain';
import type { ProviderModule } from './provider';
import { truework } from './truework';
import { trueworkInstant } from './truework-instant';
import { truv } from './truv';

/** Every provider voie can use. The only place that lists them. */
export const PROVIDERS: readonly ProviderModule[] = [truework, truv, trueworkInstant];

/** Their names: the `provider` enumeration of the API and of `/openapi.json`. */
export const PROVIDER_NAMES: readonly string[] = PROVIDERS.map((provider) => provider.name);

/**
 * What `VOIE_PROVIDER_PRICES` may price: each provider's own orders, and the re-checks of a provider that re-verifies
 * (`truework-reverification`, `truv-refresh`).
 */
export const PRICE_KEYS: readonly string[] = PROVIDERS.flatMap((provider) => [
  provider.name,
  ...(provider.reverificationKind ? [priceKey(provider.name, provider.reverificationKind)] : []),
]);

export function findProvider(name: string): ProviderModule | undefined {
  return PROVIDERS.find((provider) => provider.name === name);
}

/** The provider whose account (task queue, rate limit) `name`'s calls go through: its `account`, else itself. */
export function providerAccount(name: string): string {
  return findProvider(name)?.account ?? name;
}

/** The provider accounts: one task queue and one rate limit each, shared by every provider whose calls go through it. */
export const PROVIDER_ACCOUNTS: readonly string[] = [...new Set(PROVIDER_NAMES.map(providerAccount))];
