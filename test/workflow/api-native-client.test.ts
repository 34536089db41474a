import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../src/config';
import { startApi, configuredProviders } from '../../src/commands/runtime';
import { createLogger } from '../../src/logger';
import { TEST_API_KEY, TEST_CALLBACK_SECRET, TRUEWORK_TOKEN } from '../support/stack';
import { startDevServer, TEST_ENCRYPTION_KEY, TEST_FIELD_KEY } from '../support/temporal';

/**
 * `voie api` as `voie api` starts it (`startApi`): its client runs on the SDK's native connection, not the JS gRPC one
 * the other tests' stack uses. The ingress's promises must hold on it too: `200` once Temporal has the signal, `200`
 * for an order that does not exist, `503` with `Retry-After` (never `500`) once Temporal is gone.
 */
describe("voie api's own Temporal client", () => {
  let temporal: TestWorkflowEnvironment;
  let api: { client: Client; server: Server; url: string };
  let temporalUp = false;
  const orderId = `vo_${'a'.repeat(24)}`;

  beforeAll(async () => {
    temporal = await startDevServer();
    temporalUp = true;
    // An open order that no worker runs: a signal needs only the server.
    await temporal.client.workflow.start('verificationOrder', { taskQueue: 'no-worker', workflowId: orderId });
    const config = loadConfig({
      TEMPORAL_ADDRESS: temporal.address,
      VOIE_API_KEYS: TEST_API_KEY,
      VOIE_CALLBACK_SECRET: TEST_CALLBACK_SECRET,
      VOIE_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      VOIE_FIELD_KEY: TEST_FIELD_KEY,
      TRUEWORK_BASE_URL: 'http://127.0.0.1:1',
      TRUEWORK_API_KEY: 'key',
      TRUEWORK_WEBHOOK_TOKEN: TRUEWORK_TOKEN,
      PORT: '0',
    });
    api = await startApi({
      config,
      address: temporal.address,
      providers: configuredProviders(config),
      logger: createLogger('silent'),
      transport: 'native',
    });
  }, 120_000);

  afterAll(async () => {
    api?.server.closeAllConnections();
    await new Promise((done) => api?.server.close(done));
    await api?.client.connection.close();
    if (temporalUp) await temporal.teardown();
  });

  const webhook = (voieOrderId: string): Promise<Response> =>
    fetch(`${api.url}/webhooks/truework`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-truework-token': TRUEWORK_TOKEN },
      body: JSON.stringify({
        hook: { event: 'verification_request.state.change', triggered_at: new Date().toISOString() },
        data: { order_id: 'tw-1', state: 'action-required', metadata: { voie_order_id: voieOrderId } },
      }),
    });

  it('signals the order, acknowledges an unknown one, and answers 503 once Temporal is gone', async () => {
    expect((await webhook(orderId)).status).toBe(200);
    const { events } = await temporal.client.workflow.getHandle(orderId).fetchHistory();
    expect(events?.filter((event) => event.workflowExecutionSignaledEventAttributes)).toHaveLength(1);

    expect((await webhook(`vo_${'b'.repeat(24)}`)).status).toBe(200);

    await temporal.teardown();
    temporalUp = false;
    const gone = await webhook(orderId);
    expect(gone.status).toBe(503);
    expect(gone.headers.get('retry-after')).toBe('5');
  }, 60_000);
});
