import { WebhookRoutes } from '../../src/api/webhook-routes';
import type { WebhookTarget } from '../../src/providers/provider';

describe('the orders webhooks were routed to', () => {
  /** A lookup that knows `owners` (id → order) and counts its searches. */
  function routesOver(owners: Record<string, string>, capacity?: number) {
    const searched: WebhookTarget[] = [];
    const routes = new WebhookRoutes((_provider, target) => {
      searched.push(target);
      const ids = [target.providerOrderId, ...(target.correlationIds ?? [])];
      return Promise.resolve(ids.map((id) => (id ? owners[id] : undefined)).find(Boolean));
    }, capacity);
    return { routes, searched };
  }

  it('remembers every id of a webhook whose order a search found, per provider', async () => {
    const { routes, searched } = routesOver({ user: 'vo_1' });
    expect(routes.remembered('truv', { correlationIds: ['user', 'link'] })).toBeUndefined();
    expect(await routes.find('truv', { correlationIds: ['user', 'link'] })).toBe('vo_1');
    expect(routes.remembered('truv', { correlationIds: ['link'] })).toBe('vo_1');
    expect(routes.remembered('truework', { correlationIds: ['link'] })).toBeUndefined();
    expect(searched).toHaveLength(1);
  });

  it('remembers nothing a search did not find, and forgets on request', async () => {
    const { routes } = routesOver({ user: 'vo_1' });
    expect(await routes.find('truv', { correlationIds: ['stranger'] })).toBeUndefined();
    expect(routes.remembered('truv', { correlationIds: ['stranger'] })).toBeUndefined();
    await routes.find('truv', { correlationIds: ['user'] });
    routes.forget('truv', { correlationIds: ['user'] });
    expect(routes.remembered('truv', { correlationIds: ['user'] })).toBeUndefined();
  });

  it("remembers the ids of a webhook that named voie's order, without a search", () => {
    const { routes, searched } = routesOver({});
    routes.remember('truv', { providerOrderId: 'truv-order', correlationIds: ['user', 'link'] }, 'vo_1');
    expect(routes.remembered('truv', { correlationIds: ['link', 'elsewhere'] })).toBe('vo_1');
    expect(searched).toHaveLength(0);
  });

  it('forgets the oldest ids beyond its capacity', async () => {
    const { routes } = routesOver({ a: 'vo_a', b: 'vo_b', c: 'vo_c' }, 2);
    for (const id of ['a', 'b', 'c']) await routes.find('truv', { providerOrderId: id });
    expect(routes.remembered('truv', { providerOrderId: 'a' })).toBeUndefined();
    expect(routes.remembered('truv', { providerOrderId: 'c' })).toBe('vo_c');
  });
});
