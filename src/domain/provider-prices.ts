/**
 * The bill: what voie estimates an order spent at its providers, from the lender's price list
 * (`VOIE_PROVIDER_PRICES`). A price is per completed provider order, keyed by what was bought: a provider's own order
 * (`truework`, `truv`, `truework-instant`) or a re-check of a completed one (`truework-reverification`,
 * `truv-refresh`).
 */

/** US dollars per completed provider order, by price key. */
export type ProviderPrices = Readonly<Record<string, number>>;

/**
 * The price key of a provider order: the provider's own for an order it created new (`kind` absent or `new-order`),
 * else the provider and how it re-checked (`truework-reverification`, `truv-refresh`).
 */
export function priceKey(provider: string, kind?: string | null): string {
  return kind === undefined || kind === null || kind === 'new-order' ? provider : `${provider}-${kind}`;
}

/**
 * What the completed provider orders of `keys` cost: the sum of their prices. Null without a price list, or when one
 * of them has no price (the total would be a guess); 0 when nothing completed.
 */
export function costOf(keys: readonly string[], prices: ProviderPrices | undefined): number | null {
  if (!prices) return null;
  let total = 0;
  for (const key of keys) {
    const price = prices[key];
    if (price === undefined) return null;
    total += price;
  }
  return roundCents(total);
}

/** The sum of costs, null when one of them is unknown (or there are none). */
export function totalCost(costs: readonly (number | null)[]): number | null {
  if (costs.length === 0 || costs.some((cost) => cost === null)) return null;
  return roundCents(costs.reduce<number>((sum, cost) => sum + cost!, 0));
}

/** Dollars to the cent, so that 0.1 + 0.2 reads 0.3. */
function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
