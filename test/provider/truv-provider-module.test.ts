import { truv, truvConfiguration } from '../../src/providers/truv/index';
import { startSimulatedProvider } from '../../dev/simulators';
import { TruvSimulator } from '../../dev/simulators/truv/simulator';
import { loadConfig } from '../../src/config';
import { ref, request } from '../support/truv-order';

describe('truv provider module', () => {
  it('is unconfigured without a base URL and splits a rotated secret list', () => {
    expect(truv.fromConfig(loadConfig({}))).toBeUndefined();
    expect(
      truvConfiguration(
        loadConfig({ TRUV_BASE_URL: 'https://prod.truv.com', TRUV_CLIENT_ID: 'id', TRUV_SECRET: 'prod-new, prod-old' }),
      ),
    ).toEqual({
      settings: { baseUrl: 'https://prod.truv.com', clientId: 'id', secret: 'prod-new' },
      webhookSecrets: ['prod-new', 'prod-old'],
    });
    expect(
      truv.fromConfig(loadConfig({ TRUV_BASE_URL: 'https://prod.truv.com', TRUV_CLIENT_ID: 'id', TRUV_SECRET: 's' })),
    ).toBeDefined();
    expect(truv.name).toBe('truv');
    expect(truv.requestsPerSecond).toBe(10);
    expect(truv.requiredOrderFields).toEqual([]);
  });

  it('starts a simulator it is already connected to', async () => {
    const { simulator, connection } = await startSimulatedProvider(truv, loadConfig({}), {
      webhookUrl: 'http://127.0.0.1:9/webhooks/truv',
    });
    try {
      if (simulator instanceof TruvSimulator) simulator.setWebhookUrl(undefined);
      const { providerOrderId } = await connection.client.createOrder(request('Idle'), ref());
      expect((await connection.client.readOrder(providerOrderId)).status).toBe('pending');
    } finally {
      await simulator.close();
    }
  });
});
