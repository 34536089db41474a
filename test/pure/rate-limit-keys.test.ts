import type { Request, Response } from 'express';
import { ApiKeys, apiKeyIdentity, identifyApiKey } from '../../src/api/auth';
import { apiLimitKey, clientAddressKey } from '../../src/api/rate-limits';
import type { ApiKeyEntry } from '../../src/config';

/** A request from `ip` with `authorization`, and a response with locals, as far as the middleware reads them. */
function exchange(ip: string, authorization?: string): { req: Request; res: Response } {
  const req = { ip, get: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined) };
  return { req: req as unknown as Request, res: { locals: {} } as Response };
}

/** Keys of the default tenant. */
function entries(...keys: string[]): ApiKeyEntry[] {
  return keys.map((key) => ({ tenant: 'default', key }));
}

/** The budget `identifyApiKey` and the limiter give a request. */
function budgetOf(keys: ApiKeys, ip: string, authorization?: string): string {
  const { req, res } = exchange(ip, authorization);
  identifyApiKey(keys)(req, res, () => undefined);
  return apiLimitKey(req, res);
}

describe('the /v1 limit key', () => {
  const keys = new ApiKeys(entries('key-one', 'key-two'));

  it('is the verified key, named by its identity and never by the key itself', () => {
    const budget = budgetOf(keys, '203.0.113.9', 'Bearer key-one');
    expect(budget).toBe(`key:${apiKeyIdentity('key-one')}`);
    expect(budget).not.toContain('key-one');
    expect(apiKeyIdentity('key-one')).toMatch(/^key_[0-9a-f]{16}$/);
    // The same key from anywhere is one budget; each key has its own.
    expect(budgetOf(keys, '198.51.100.1', 'bearer key-one')).toBe(budget);
    expect(budgetOf(keys, '203.0.113.9', 'Bearer key-two')).not.toBe(budget);
  });

  it("is the address for any key voie does not know, or none: one budget for an address's guesses", () => {
    const guesses = ['Bearer guess-1', 'Bearer guess-2', 'Bearer key-one ', 'Basic a2V5LW9uZQ==', undefined];
    const budgets = new Set(guesses.map((authorization) => budgetOf(keys, '203.0.113.9', authorization)));
    expect([...budgets]).toEqual(['ip:203.0.113.9']);
    expect(budgetOf(keys, '203.0.113.10', 'Bearer guess-1')).toBe('ip:203.0.113.10');
  });

  it('counts an IPv6 client by its /56, as one subscriber', () => {
    const { req } = exchange('2001:db8:1234:5600::1');
    const { req: neighbour } = exchange('2001:db8:1234:56ff::2');
    expect(clientAddressKey(req)).toBe(clientAddressKey(neighbour));
    expect(clientAddressKey(req)).not.toBe(clientAddressKey(exchange('2001:db8:1234:5700::1').req));
  });

  it('counts an IPv4 client seen by a dual-stack listener by its IPv4 address, every time', () => {
    const { req } = exchange('::ffff:203.0.113.9');
    expect(clientAddressKey(req)).toBe('ip:203.0.113.9');
    // The second time from the addresses already seen, as the first.
    expect(clientAddressKey(req)).toBe('ip:203.0.113.9');
    expect(clientAddressKey(exchange('2001:db8:1234:56ff::2').req)).toBe(
      clientAddressKey(exchange('2001:db8:1234:5600::1').req),
    );
  });
});

describe('ApiKeys', () => {
  it('verifies configured keys only', () => {
    const keys = new ApiKeys([...entries('a-key'), { tenant: 'acme', key: 'b-key' }]);
    expect(keys.verify('a-key')).toEqual({ identity: apiKeyIdentity('a-key'), tenant: 'default' });
    expect(keys.verify('b-key')).toEqual({ identity: apiKeyIdentity('b-key'), tenant: 'acme' });
    expect(keys.verify('c-key')).toBeUndefined();
    expect(keys.verify(undefined)).toBeUndefined();
    expect(new ApiKeys([]).verify('')).toBeUndefined();
  });
});
