import { request } from 'node:http';
import { temporal } from '@temporalio/proto';
import type { OrderView } from '../../src/domain';
import { truvEvent } from '../fixtures/truv-payloads';
import { truvWebhookHeaders } from '../support/signatures';
import { TRUV_SECRET, useStack } from '../support/stack';

const { EventType } = temporal.api.enums.v1;

const stack = useStack();

/**
 * Posts the bodies so that they arrive together: each request is sent but for its body's last byte, then every last
 * byte goes out at once. The API then has them all before the first one's signal can come back, as when a provider
 * delivers in parallel (requests merely started together may still reach it one after another). Resolves with the
 * statuses.
 */
async function postTogether(path: string, bodies: string[], headers: (body: string) => Record<string, string>) {
  const requests = bodies.map((body) => {
    const outgoing = request(`${stack.apiUrl}${path}`, {
      method: 'POST',
      agent: false,
      headers: {
        'content-length': Buffer.byteLength(body),
        ...Object.fromEntries(Object.entries(headers(body)).filter(([, value]) => value !== '')),
      },
    });
    const status = new Promise<number>((resolve, reject) => {
      outgoing.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      outgoing.on('error', reject);
    });
    outgoing.write(body.slice(0, -1));
    return { outgoing, status, last: body.slice(-1) };
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const { outgoing, last } of requests) outgoing.end(last);
  return Promise.all(requests.map(({ status }) => status));
}

async function completedTruvOrder(): Promise<{ order: OrderView; history: temporal.api.history.v1.IHistory }> {
  const placed = await stack.api<OrderView>('POST', '/v1/orders', stack.truvOrderBody('Success'));
  expect(placed.status).toBe(201);
  const order = await stack.waitForWorkflow(placed.body.id);
  expect(order.status).toBe('completed');
  return { order, history: await stack.client.workflow.getHandle(placed.body.id).fetchHistory() };
}

describe("what an order's history holds", () => {
  it('takes a burst of webhooks for one order in fewer signals than webhooks, each still on the timeline', async () => {
    const placed = await stack.api<OrderView>('POST', '/v1/orders', stack.truvOrderBody('Idle'));
    const order = await stack.waitForOrder(placed.body.id, (o) => o.provider_order_id !== null);
    const handle = stack.client.workflow.getHandle(order.id);
    const signalCount = async (): Promise<number> =>
      (await handle.fetchHistory()).events!.filter(
        (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
      ).length;
    const before = await signalCount();

    // Truv delivers in parallel: ten progress events of one order arrive together.
    const burst = Array.from({ length: 10 }, (_, n) =>
      JSON.stringify(
        truvEvent('task-status-updated', {
          webhook_id: `burst-${n}-${order.id}`,
          order_id: order.provider_order_id,
          order_number: order.id,
        }),
      ),
    );
    const statuses = await postTogether('/webhooks/truv', burst, (body) => truvWebhookHeaders(body, TRUV_SECRET));
    expect(statuses).toEqual(burst.map(() => 200));

    // Each on the timeline, though they woke the order fewer times than they were.
    const burstEvents = (o: OrderView): number => o.events.filter((e) => e.type === 'task-status-updated').length;
    await stack.waitForOrder(order.id, (o) => burstEvents(o) >= burst.length);
    const signals = (await signalCount()) - before;
    expect(signals).toBeGreaterThan(0);
    expect(signals).toBeLessThan(burst.length);
    await stack.api('POST', `/v1/orders/${order.id}/cancel`);
    await stack.waitForWorkflow(order.id);
  });

  it("finds the order of Truv's events that do not name it without a search each", async () => {
    const lookups = async (): Promise<{ search: number; remembered: number }> => {
      const text = await stack.metricsText();
      const count = (source: string): number =>
        Number(
          new RegExp(`voie_webhook_order_lookups_total\\{provider="truv",source="${source}"\\} (\\d+)`).exec(
            text,
          )?.[1] ?? 0,
        );
      return { search: count('search'), remembered: count('remembered') };
    };
    const before = await lookups();
    const { order } = await completedTruvOrder();
    await stack.truv.idle();
    const after = await lookups();
    // The applicant's task, link and data events carry only Truv's user, link and suborder ids: ten in this journey.
    const named = ['task-status-updated', 'link-connected', 'employment-created', 'profile-created'];
    expect(order.events.filter((e) => e.source === 'webhook' && named.includes(e.type)).length).toBeGreaterThanOrEqual(
      6,
    );
    const searches = after.search - before.search;
    const remembered = after.remembered - before.remembered;
    // Truv's order events name the order with those ids: the events that follow are routed without a search (before,
    // one search each, and none found the order before it had recorded the ids).
    expect(searches).toBeLessThanOrEqual(1);
    expect(searches + remembered).toBeGreaterThanOrEqual(10);
  });

  it('does not upsert the status a new order was started with', async () => {
    const { history } = await completedTruvOrder();
    const upsertedStatuses = history
      .events!.filter((e) => e.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
      .map((e) => e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.VoieStatus?.data)
      .filter((data): data is Uint8Array => !!data)
      .map((data) => JSON.parse(Buffer.from(data).toString('utf8')) as string);
    expect(upsertedStatuses[0]).not.toBe('creating');
    expect(upsertedStatuses).toContain('completed');
  });
});
