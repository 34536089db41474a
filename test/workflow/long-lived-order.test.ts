import { useStack, TRUEWORK_TOKEN } from '../support/stack';
import type { OrderRecord } from '../../workflows/public';
import { trueworkWebhookHeaders } from '../support/signatures';
import { daysAhead, eventually, sleep } from '../kit';
import { reverificationDue } from '../../src/domain';

/** Temporal suggests continue-as-new at this many events: low, so that a flooded order rolls over many times. */
const SUGGEST_AT = 300;

const stack = useStack({
  serverArgs: ['--dynamic-config-value', `limit.historyCount.suggestContinueAsNew=${SUGGEST_AT}`],
});

/** Runs `task` over `items`, `concurrency` at a time. */
async function inParallel<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
    }),
  );
}

describe('an order that waits while webhooks and closing-date moves flood it', () => {
  it('continues as new with bounded runs, and still answers PATCH and cancel, and ends correctly', async () => {
    const placed = await stack.placeOrder(
      { options: { cancel_on_action_required: false, poll_interval: '1h' }, closing_date: daysAhead(90) },
      { ssn: '000-03-0400' },
    );
    const waiting = await stack.waitForOrder(placed.id, (order) => order.status === 'action_required');
    const firstRunId = (await stack.client.workflow.getHandle(placed.id).describe()).runId;
    const webhookEvents = async (): Promise<number> =>
      (await stack.api('GET', `/v1/orders/${placed.id}`)).body.events.filter((event: any) => event.source === 'webhook')
        .length;
    const webhooksBefore = await webhookEvents();

    // The same webhook, 5,000 times: one hint, 4,999 duplicates.
    const webhook = {
      hook: { event: 'verification_request.state.change', triggered_at: '2026-01-01T00:00:00Z' },
      data: { order_id: waiting.provider_order_id, state: 'action-required', metadata: { voie_order_id: placed.id } },
    };
    const statuses = new Map<number, number>();
    await inParallel(
      Array.from({ length: 5_000 }, (_, i) => i),
      32,
      async () => {
        const { status } = await stack.api(
          'POST',
          '/webhooks/truework',
          webhook,
          trueworkWebhookHeaders(TRUEWORK_TOKEN),
        );
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      },
    );
    expect([...statuses]).toEqual([[200, 5_000]]);
    // One webhook on the timeline: the duplicates left no trace.
    await eventually(async () => (await webhookEvents()) === webhooksBefore + 1, { what: 'the webhook recorded' });

    // 500 moves of the closing date, each answered with the order as it now stands. Eight at a time, some may meet a
    // run continuing as new or Temporal's limit of updates in flight: those answer 503 with Retry-After, and a retry,
    // as the LOS makes it, succeeds.
    const dates = Array.from({ length: 500 }, (_, i) => daysAhead(60 + (i % 180)));
    const patched: number[] = [];
    let retried = 0;
    await inParallel(dates, 8, async (date) => {
      for (let attempt = 1; ; attempt++) {
        const response = await stack.api('PATCH', `/v1/orders/${placed.id}`, { closing_date: date });
        if (response.status !== 503 || attempt === 5) {
          patched.push(response.status);
          return;
        }
        expect(response.headers.get('retry-after')).not.toBeNull();
        retried += 1;
        await sleep(200);
      }
    });
    expect(retried).toBeLessThan(25);
    expect(patched.filter((status) => status !== 200)).toEqual([]);

    // Still answers a PATCH, with the last date it was given.
    const closingDate = daysAhead(200);
    const last = await stack.api('PATCH', `/v1/orders/${placed.id}`, { closing_date: closingDate });
    expect(last.status).toBe(200);
    const { dueAt } = reverificationDue(closingDate, 5, 'America/New_York');
    expect(last.body.reverification).toMatchObject({ status: 'scheduled', due_at: dueAt });

    // Continued as new, every run of a bounded length.
    const runs: string[] = [];
    for await (const execution of stack.client.workflow.list({ query: `WorkflowId = '${placed.id}'` })) {
      runs.push(execution.runId);
    }
    expect(runs.length).toBeGreaterThan(2);
    expect(runs).toContain(firstRunId);
    for (const runId of runs) {
      const history = await stack.client.workflow.getHandle(placed.id, runId).fetchHistory();
      expect(history.events!.length).toBeLessThan(2 * SUGGEST_AT);
    }

    // Cancel still works and the order ends as the LOS asked, the LOS told of each step once.
    expect((await stack.api('POST', `/v1/orders/${placed.id}/cancel`)).status).toBe(202);
    const ended = ((await stack.client.workflow.getHandle(placed.id).result()) as OrderRecord).order;
    expect(ended.status).toBe('canceled');
    expect(ended.reverification).toMatchObject({ status: 'canceled' });
    // The timeline keeps its latest 200 events.
    expect(ended.events.length).toBeLessThanOrEqual(200);
    expect(stack.receiver.accepted(placed.id).map((delivery) => delivery.body.type)).toEqual([
      'order.created',
      'order.action_required',
      'order.canceled',
    ]);
    // Hundreds of webhooks and moves, each a workflow task: a minute on a quiet machine, more on a loaded one.
  }, 300_000);
});
