import { costOf, priceKey, totalCost } from '../../src/domain';
import { PRICE_KEYS, PROVIDERS } from '../../src/providers/registry';

describe('price keys', () => {
  it("are the provider's own for an order created new, else the provider and how it re-checked", () => {
    expect(priceKey('truework')).toBe('truework');
    expect(priceKey('truework', 'new-order')).toBe('truework');
    expect(priceKey('truework', 'reverification')).toBe('truework-reverification');
    expect(priceKey('truv', 'refresh')).toBe('truv-refresh');
    expect(priceKey('truework-instant', null)).toBe('truework-instant');
  });

  it("are every registered provider's name and its re-check kind's", () => {
    expect(PRICE_KEYS).toEqual(expect.arrayContaining(['truework', 'truework-reverification', 'truv', 'truv-refresh']));
    for (const provider of PROVIDERS) expect(PRICE_KEYS).toContain(provider.name);
    expect(PRICE_KEYS).not.toContain('truv-reverification');
  });
});

describe('the estimated cost', () => {
  const prices = { truework: 45, 'truework-reverification': 10, truv: 0.1 };

  it('sums the prices of what completed, to the cent', () => {
    expect(costOf(['truework', 'truework-reverification'], prices)).toBe(55);
    expect(costOf(['truv', 'truv', 'truv'], prices)).toBe(0.3);
  });

  it('is 0 with prices and nothing completed; null without prices, or for something without a price', () => {
    expect(costOf([], prices)).toBe(0);
    expect(costOf([], undefined)).toBeNull();
    expect(costOf(['truework'], undefined)).toBeNull();
    expect(costOf(['truework', 'truv-refresh'], prices)).toBeNull();
  });

  it('totals costs, unknown when one of them is', () => {
    expect(totalCost([45, 0, 10.5])).toBe(55.5);
    expect(totalCost([45, null])).toBeNull();
    expect(totalCost([])).toBeNull();
  });
});
