import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bareOrderWebhook, deliverAsProvider, postActionRequired } from '../../bench/provider-webhooks';
import type { VoieProcess } from '../../bench/voie-processes';
import { startBareIngress } from '../../bench/voie-processes';
import { TRUEWORK_TOKEN, TRUV_SECRET } from '../support/stack';
import { startDevServer, TEST_ENCRYPTION_KEY, TEST_FIELD_KEY } from '../support/temporal';

/**
 * The bench's bare HTTP ingress (`bench/bare-ingress.ts`), the webhook ingress's floor, stays runnable: started as
 * the bench starts it (a process of its own, here from its sources), it signals the bare workflow a Truework or Truv
 * webhook names, and refuses a wrong credential.
 */
describe('the bench’s bare HTTP ingress', () => {
  let temporal: TestWorkflowEnvironment;
  let ingress: { ingress: VoieProcess; url: string } | undefined;

  beforeAll(async () => {
    temporal = await startDevServer();
    const env = {
      TEMPORAL_ADDRESS: temporal.address,
      VOIE_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      VOIE_FIELD_KEY: TEST_FIELD_KEY,
      TRUEWORK_WEBHOOK_TOKEN: TRUEWORK_TOKEN,
      TRUV_SECRET,
    };
    const logFile = join(mkdtempSync(join(tmpdir(), 'voie-bare-ingress-')), 'bare-ingress.log');
    ingress = await startBareIngress(env, logFile, true);
  }, 120_000);

  afterAll(async () => {
    await ingress?.ingress.stop();
    await temporal?.teardown();
  });

  it('signals the workflow a webhook names, once its credential checks out', async () => {
    // A waiting bare workflow that no worker runs: a signal needs only the server.
    const handle = await temporal.client.workflow.start('bareSignaled', {
      taskQueue: 'no-worker',
      workflowId: 'bare-signaled-test',
      args: [3],
    });
    const url = ingress!.url;
    await postActionRequired(url, { orderId: handle.workflowId, providerOrderId: 'tw-1' }, 1);
    await deliverAsProvider(`${url}/webhooks/truv`, bareOrderWebhook('truv', handle.workflowId, 0));
    await deliverAsProvider(`${url}/webhooks/truework`, bareOrderWebhook('truework', handle.workflowId, 1));
    const { events } = await handle.fetchHistory();
    expect(events?.filter((event) => event.workflowExecutionSignaledEventAttributes)).toHaveLength(3);

    const forged = bareOrderWebhook('truv', handle.workflowId, 2);
    await expect(
      deliverAsProvider(`${url}/webhooks/truv`, { ...forged, headers: { 'X-WEBHOOK-SIGN': 'v1=00' } }),
    ).rejects.toThrow('webhook answered 401');
    await expect(
      deliverAsProvider(`${url}/webhooks/truework`, { body: '{}', headers: { 'X-Truework-Token': 'wrong' } }),
    ).rejects.toThrow('webhook answered 401');
    // A workflow that does not exist is acknowledged, as voie acknowledges a webhook for an unknown order.
    await postActionRequired(url, { orderId: 'no-such-workflow', providerOrderId: 'tw-2' }, 2);
  }, 60_000);
});
