import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import type { OrderServices } from '../../src/orders/order-services';
import { orderServices } from '../../src/orders/order-services';
import type { OrderRequest, OrderView, ProviderSnapshot } from '../../src/domain';
import { ProviderResponseInvalidError, ProviderUnavailableError } from '../../src/providers/errors';
import type { ProviderClient } from '../../src/providers/provider';
import { TrueworkWebhook } from '../../src/providers/truework/webhook';
import { createWorkers } from '../../src/worker';
import { IdempotencyKeys } from '../../src/orders/idempotency';
import { DEFAULT_TENANT } from '../../src/domain';
import {
  startDevServer,
  TEST_FIELD_KEY,
  testFieldSealer,
  testWorkerDataConverter,
  workflowBundle,
} from '../support/temporal';

/**
 * How the provider activities fail, on a real Temporal server: a provider client scripted per order (by its
 * `external_id`) stands in for the HTTP client, so that the failure reaching the activity boundary is exactly the
 * one under test.
 */
const FIRST_CREATE_FAILURES: Record<string, () => Error> = {
  'bug-then-ok': () => new TypeError("Cannot read properties of undefined (reading 'id')"),
  'outage-then-ok': () => new ProviderUnavailableError('POST /orders/target-employer answered 503'),
  unreadable: () => new ProviderResponseInvalidError('GET /orders answered a body voie cannot read at id', 'id'),
};

class ScriptedProvider implements ProviderClient {
  private readonly attempts = new Map<string, number>();

  createOrder(request: OrderRequest): Promise<{ providerOrderId: string }> {
    const attempt = (this.attempts.get(request.external_id) ?? 0) + 1;
    this.attempts.set(request.external_id, attempt);
    const failure = FIRST_CREATE_FAILURES[request.external_id];
    // A response voie cannot read fails every time; the others only the first time.
    if (failure && (attempt === 1 || request.external_id === 'unreadable')) return Promise.reject(failure());
    return Promise.resolve({ providerOrderId: `P-${request.external_id}` });
  }

  findOrder(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  reverifyOrder(): never {
    throw new Error('not used');
  }

  readOrder(providerOrderId: string): Promise<ProviderSnapshot> {
    return Promise.resolve({
      providerOrderId,
      status: 'pending',
      rawStatus: 'pending',
      reportIds: [],
      correlationIds: [],
    });
  }

  cancelOrder(): Promise<void> {
    return Promise.resolve();
  }

  readReport(): never {
    throw new Error('not used');
  }

  readReportPdf(): never {
    throw new Error('not used');
  }
}

let env: TestWorkflowEnvironment;
let workers: Worker[];
let running: Promise<unknown>;
let orders: OrderServices;

beforeAll(async () => {
  env = await startDevServer();
  workers = await createWorkers({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    dataConverter: testWorkerDataConverter,
    fieldSealer: testFieldSealer,
    providers: new Map([['truework', { client: new ScriptedProvider(), webhook: new TrueworkWebhook([]) }]]),
    callbackSecrets: { fallback: `whsec_${Buffer.alloc(32, 3).toString('base64')}`, tenants: {} },
    callbackPolicy: { networks: 'loopback', requireHttps: false },
    workflowBundle: await workflowBundle(),
  });
  running = Promise.all(workers.map((worker) => worker.run()));
  orders = orderServices(env.client);
});

afterAll(async () => {
  for (const worker of workers ?? []) worker.shutdown();
  await running;
  await env?.teardown();
});

async function place(externalId: string): Promise<string> {
  const request: OrderRequest = {
    external_id: externalId,
    provider: 'truework',
    type: 'employment',
    use_case: 'mortgage',
    applicant: { first_name: 'Jane', last_name: 'Doe', ssn: '991-91-9991' },
    employers: [{ name: 'Acme Inc' }],
  };
  const policy = {
    cancelOnActionRequired: false,
    pollIntervalMs: 3_600_000,
    pollIntervalMaxMs: 3_600_000,
    deadlineMs: 86_400_000,
    employersPerProviderOrder: 1,
    reverifyBusinessDays: 5,
    timeZone: 'America/New_York',
    reverifyWindowMs: 120 * 86_400_000,
  };
  const owner = {
    tenant: DEFAULT_TENANT,
    orderIds: new IdempotencyKeys([TEST_FIELD_KEY]).orderIds(DEFAULT_TENANT, request.external_id),
  };
  const placed = await orders.commands.place(
    request,
    policy,
    new IdempotencyKeys([]).fingerprint(request),
    new Date(),
    owner,
  );
  if (placed.kind === 'conflict') throw new Error('conflict');
  return placed.order.id;
}

async function settledOrder(orderId: string): Promise<OrderView> {
  for (let waited = 0; waited < 30_000; waited += 200) {
    const order = await orders.reads.order(orderId);
    if (order.status !== 'creating') return order;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`order ${orderId} never left creating`);
}

/** The attempt that ended `createProviderOrder`, with the failure of the attempt before it (history keeps only the last). */
async function lastCreateAttempt(orderId: string) {
  const history = await env.client.workflow.getHandle(orderId).fetchHistory();
  const events = history.events ?? [];
  const scheduled = events.find(
    (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'createProviderOrder',
  );
  const started = events.find(
    (event) =>
      event.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED &&
      String(event.activityTaskStartedEventAttributes?.scheduledEventId) === String(scheduled?.eventId),
  )?.activityTaskStartedEventAttributes;
  return { attempt: started?.attempt, previousFailure: started?.lastFailure?.applicationFailureInfo };
}

describe('a provider activity', () => {
  it('retries a bug (TypeError) instead of failing the order, and shows it as a failed attempt', async () => {
    const orderId = await place('bug-then-ok');
    expect(await settledOrder(orderId)).toMatchObject({ status: 'pending', provider_order_id: 'P-bug-then-ok' });
    const { attempt, previousFailure } = await lastCreateAttempt(orderId);
    expect(attempt).toBe(2);
    expect(previousFailure).toMatchObject({ type: 'TypeError', nonRetryable: false });
    // A bug is an error worth an alert: not benign.
    expect(previousFailure?.category ?? 0).toBe(0);
  });

  it('retries an outage and marks it benign', async () => {
    const orderId = await place('outage-then-ok');
    expect(await settledOrder(orderId)).toMatchObject({ status: 'pending' });
    const { attempt, previousFailure } = await lastCreateAttempt(orderId);
    expect(attempt).toBe(2);
    expect(previousFailure).toMatchObject({
      type: 'ProviderUnavailable',
      category: temporal.api.enums.v1.ApplicationErrorCategory.APPLICATION_ERROR_CATEGORY_BENIGN,
    });
  });

  it('ends the order on an answer voie cannot read, after one attempt', async () => {
    const orderId = await place('unreadable');
    const order = await settledOrder(orderId);
    expect(order).toMatchObject({ status: 'failed', result: { error: { reason: expect.stringContaining('at id') } } });
    expect((await lastCreateAttempt(orderId)).attempt).toBe(1);
  });
});
