import { envTypeOf, TruvClient } from '../../src/providers/truv/client';
import { TruvSimulator } from '../../dev/simulators/truv/simulator';
import { registerWebhooks, SUBSCRIBED_EVENTS } from '../../src/providers/truv/subscriptions';

const URL = 'https://voie.example.test/webhooks/truv';

interface Subscription {
  id: string;
  name: string;
  webhook_url: string;
  env_type: string;
  events: string[];
}

describe('registerWebhooks', () => {
  let sim: TruvSimulator;

  afterEach(async () => {
    await sim.close();
  });

  const start = async (secret: string) => {
    sim = await TruvSimulator.start({ secret });
    return new TruvClient({ baseUrl: sim.baseUrl, clientId: 'client', secret });
  };

  const subscriptions = async (client: TruvClient) => (await client.webhooks.listWebhooks()) as Subscription[];

  it('creates the subscription once, then changes nothing', async () => {
    const client = await start('sandbox-abc');
    const first = await registerWebhooks(client, URL);
    expect(first).toMatchObject({ action: 'created', envType: 'sandbox' });
    expect(first.id).toMatch(/^[0-9a-f]{32}$/);
    const second = await registerWebhooks(client, URL);
    expect(second).toEqual({ ...first, action: 'unchanged' });
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/webhooks/',
      'POST /v1/webhooks/',
      'GET /v1/webhooks/',
    ]);
    const [only, ...rest] = await subscriptions(client);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ id: first.id, name: 'voie', webhook_url: URL, env_type: 'sandbox' });
    expect([...(only?.events ?? [])].sort()).toEqual([...SUBSCRIBED_EVENTS].sort());
    expect(SUBSCRIBED_EVENTS).toHaveLength(17);
  });

  it('patches a subscription for the URL whose events differ', async () => {
    const client = await start('prod-xyz');
    const existing = await client.webhooks.createWebhook({
      name: 'legacy',
      webhook_url: URL,
      env_type: 'prod',
      events: ['order-status-updated'],
    });
    expect(await registerWebhooks(client, URL)).toEqual({ action: 'updated', id: existing.id, envType: 'prod' });
    expect((await subscriptions(client))[0]?.events).toHaveLength(17);
    expect(await registerWebhooks(client, URL)).toEqual({ action: 'unchanged', id: existing.id, envType: 'prod' });
    expect(sim.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('keeps environments apart: the same URL in another environment is another subscription', async () => {
    const client = await start('dev-123');
    await client.webhooks.createWebhook({ name: 'voie', webhook_url: URL, env_type: 'sandbox', events: [] });
    const result = await registerWebhooks(client, URL);
    expect(result.action).toBe('created');
    expect(result.envType).toBe('dev');
    expect((await subscriptions(client)).map((s) => s.env_type).sort()).toEqual(['dev', 'sandbox']);
  });

  it('reads the environment from the secret prefix', () => {
    expect(envTypeOf('sandbox-abc')).toBe('sandbox');
    expect(envTypeOf('dev-abc')).toBe('dev');
    expect(envTypeOf('prod-abc')).toBe('prod');
    expect(envTypeOf('abc')).toBe('sandbox');
    expect(new TruvClient({ baseUrl: 'https://prod.truv.com', clientId: 'c', secret: 'prod-1' }).webhooks.envType).toBe(
      'prod',
    );
  });

  it('re-enables a subscription Truv disabled', async () => {
    const client = await start('sandbox-abc');
    const patches: unknown[] = [];
    const api = {
      webhooks: {
        ...client.webhooks,
        envType: client.webhooks.envType,
        listWebhooks: async () => (await client.webhooks.listWebhooks()).map((s) => ({ ...s, enabled: false })),
        updateWebhook: (id: string, changes: unknown) => {
          patches.push(changes);
          return client.webhooks.updateWebhook(id, changes as never);
        },
      },
    };
    await registerWebhooks(client, URL);
    expect((await registerWebhooks(api, URL)).action).toBe('updated');
    expect(patches).toEqual([{ enabled: true }]);
  });
});
