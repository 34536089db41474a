import { Worker } from '@temporalio/worker';
import { testWorkerDataConverter, workflowBundle } from '../support/temporal';
import { attributeOf, OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { eventually } from '../kit';
import { workflowSinks } from '../../src/worker';
import { createApp } from '../../src/api/app';
import { configuredProviders } from '../../src/commands/runtime';
import { createLogger } from '../../src/logger';
import { WorkflowTraces } from '../../src/telemetry/workflow-traces';
import { DrainingServer } from '../support/draining-server';
import { trueworkWebhookHeaders } from '../support/signatures';
import { TRUEWORK_TOKEN, VoieStack } from '../support/stack';

/** A trace id a webhook's sender might send in `traceparent`. */
const FOREIGN_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** OTLP span kinds as the JSON protocol numbers them. */
const SERVER = 2;
const CLIENT = 3;

const APPLICANT = { first_name: 'Ottoline', last_name: 'Vanderspan', date_of_birth: '1979-03-14', ssn: '000-00-0000' };
const PERSONAL = ['000-00-0000', '000000000', '1979-03-14', 'Ottoline', 'Vanderspan'];

let receiver: OtlpReceiver;
let stack: VoieStack;

beforeAll(async () => {
  receiver = await OtlpReceiver.start();
  stack = await VoieStack.start({
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

/** The span and its ancestors, up to the trace's root (or the first parent not received). */
function ancestry(spans: ReceivedSpan[], span: ReceivedSpan): ReceivedSpan[] {
  const chain = [span];
  for (let parent = parentOf(spans, span); parent; parent = parentOf(spans, parent)) chain.push(parent);
  return chain;
}

function parentOf(spans: ReceivedSpan[], span: ReceivedSpan): ReceivedSpan | undefined {
  return span.parentSpanId
    ? spans.find((s) => s.spanId === span.parentSpanId && s.traceId === span.traceId)
    : undefined;
}

function childrenOf(spans: ReceivedSpan[], span: ReceivedSpan): ReceivedSpan[] {
  return spans.filter((s) => s.traceId === span.traceId && s.parentSpanId === span.spanId);
}

describe('traces', () => {
  it('follow one order from POST /v1/orders to the provider create, its webhooks and its delivery, with no personal data', async () => {
    const order = await stack.placeOrder({}, APPLICANT);
    const settled = await stack.waitForWorkflow(order.id);
    expect(settled.result?.delivery.state).toBe('delivered');

    const spans = await eventually(
      async () => {
        await stack.flushTraces();
        const received = receiver.spans;
        const createCall = received.find(
          (s) => s.name === 'RunActivity:createProviderOrder' && attributeOf(s, 'temporalWorkflowId') === order.id,
        );
        const delivery = received.find(
          (s) => s.name === 'RunActivity:deliverResult' && attributeOf(s, 'temporalWorkflowId') === order.id,
        );
        const signal = received.find(
          (s) => s.name.startsWith('HandleSignal:providerHint') && s.traceId === createCall?.traceId,
        );
        const webhook = received.find(
          (s) => s.name === 'POST /webhooks/:provider' && attributeOf(s, 'voie.order_id') === order.id,
        );
        return createCall && delivery && signal && webhook ? received : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: () => `the order's spans; received ${receiver.spans.length}` },
    );

    // One trace from the API request to the provider's HTTP call, parent by parent.
    const server = spans.find((s) => s.name === 'POST /v1/orders' && attributeOf(s, 'voie.order_id') === order.id)!;
    expect(server).toBeDefined();
    expect(server.kind).toBe(SERVER);
    expect(attributeOf(server, 'http.route')).toBe('/v1/orders');
    expect(attributeOf(server, 'http.response.status_code')).toBe('201');
    const createActivity = spans.find(
      (s) => s.name === 'RunActivity:createProviderOrder' && attributeOf(s, 'temporalWorkflowId') === order.id,
    )!;
    const [providerCall] = childrenOf(spans, createActivity).filter((s) => s.kind === CLIENT);
    expect(providerCall).toBeDefined();
    expect(attributeOf(providerCall!, 'http.request.method')).toBe('POST');
    const chain = ancestry(spans, providerCall!);
    expect(chain.map((s) => s.name)).toEqual([
      'POST',
      'RunActivity:createProviderOrder',
      'StartActivity:createProviderOrder',
      'RunWorkflow:verificationOrder',
      'StartWorkflow:verificationOrder',
      'POST /v1/orders',
    ]);
    expect(new Set(chain.map((s) => s.traceId))).toEqual(new Set([server.traceId]));
    expect(chain.at(-1)).toBe(server);
    expect(server.parentSpanId || undefined).toBeUndefined();

    // The provider's webhooks: each request span is its own trace's root and links to the order's trace (its
    // workflow start, which the order's memo names); the order's trace links back from each signal's handling.
    const start = chain.find((s) => s.name === 'StartWorkflow:verificationOrder')!;
    const { memo } = await stack.client.workflow.getHandle(order.id).describe();
    expect(memo?.traceparent).toBe(`00-${start.traceId}-${start.spanId}-01`);
    const webhooks = spans.filter(
      (s) => s.name === 'POST /webhooks/:provider' && s.kind === SERVER && attributeOf(s, 'voie.order_id') === order.id,
    );
    expect(webhooks.length).toBeGreaterThan(0);
    for (const webhook of webhooks) {
      expect(attributeOf(webhook, 'voie.provider')).toBe('truework');
      expect(webhook.traceId).not.toBe(server.traceId);
      expect(webhook.parentSpanId || undefined).toBeUndefined();
      expect(webhook.links?.map((link) => [link.traceId, link.spanId])).toEqual([[server.traceId, start.spanId]]);
    }
    const handled = spans.filter((s) => s.name.startsWith('HandleSignal:providerHint') && s.traceId === server.traceId);
    expect(handled.length).toBeGreaterThan(0);
    const linkedBack = new Set(handled.flatMap((s) => (s.links ?? []).map((link) => link.traceId)));
    expect(webhooks.some((s) => linkedBack.has(s.traceId))).toBe(true);

    // The delivery: one span per attempt, with the LOS's answer, and its HTTP request under it, in the order's trace.
    const delivery = spans.find(
      (s) => s.name === 'RunActivity:deliverResult' && attributeOf(s, 'temporalWorkflowId') === order.id,
    )!;
    expect(delivery.traceId).toBe(server.traceId);
    expect(attributeOf(delivery, 'voie.delivery.outcome')).toBe('delivered');
    expect(attributeOf(delivery, 'voie.delivery.status')).toBe('200');
    const [post] = childrenOf(spans, delivery).filter((s) => s.kind === CLIENT);
    expect(attributeOf(post!, 'http.response.status_code')).toBe('200');

    // The shape, for docs/operations.md: VOIE_PRINT_TRACE=1 prints it (a passing run is otherwise quiet).
    const inTrace = spans.filter((s) => s.traceId === server.traceId);
    if (process.env.VOIE_PRINT_TRACE) process.stdout.write(`${renderTrace(inTrace)}\n`);

    // No personal data anywhere: not in a name, an attribute, an event, a link or a resource.
    // (Timestamps aside: a span of whole milliseconds that starts on the second has nine zeros, as has the SSN.)
    for (const body of receiver.bodies) {
      const searched = body.replace(/"\w+UnixNano":"\d+"/g, '""');
      for (const value of PERSONAL) expect(searched).not.toContain(value);
    }
    // Nor a URL's path or query, nor the caller's address or agent.
    const keys = new Set(spans.flatMap((s) => s.attributes.map((a) => a.key)));
    for (const key of ['url.full', 'url.path', 'url.query', 'user_agent.original', 'client.address']) {
      expect(keys).not.toContain(key);
    }
  }, 180_000);

  it("links a webhook to the trace of an order another API process placed, through the order's memo", async () => {
    stack.simulator.setFaults({ dropWebhooks: true });
    const placed = await stack.placeOrder({ options: { cancel_on_action_required: false, poll_interval: '1h' } });
    const order = await stack.waitForOrder(placed.id, (o) => o.provider_order_id !== null);
    // Another API process on the same Temporal: it placed nothing, so it knows no order's trace but by the memo.
    const other = await DrainingServer.listen(
      createApp({
        config: stack.config,
        client: stack.client,
        providers: configuredProviders(stack.config),
        logger: createLogger('silent'),
        workflowTraces: new WorkflowTraces(),
      }),
    );
    try {
      const webhook = {
        version: '2023-10-30',
        hook: {
          id: 1,
          event: 'verification_request.state.change',
          target: 'x',
          triggered_at: new Date().toISOString(),
        },
        data: { order_id: order.provider_order_id, state: 'processing', metadata: { voie_order_id: order.id } },
      };
      const response = await fetch(`${other.url}/webhooks/truework`, {
        method: 'POST',
        headers: {
          ...trueworkWebhookHeaders(TRUEWORK_TOKEN),
          'content-type': 'application/json',
          // A caller's trace context: a webhook starts a trace of its own, never one its sender chose.
          traceparent: `00-${FOREIGN_TRACE_ID}-00f067aa0ba902b7-01`,
        },
        body: JSON.stringify(webhook),
      });
      expect(response.status).toBe(200);
    } finally {
      await other.close();
      await stack.api('POST', `/v1/orders/${order.id}/cancel`);
      stack.simulator.resetFaults();
    }

    const spans = await eventually(
      async () => {
        await stack.flushTraces();
        const received = receiver.spans;
        const start = received.find(
          (s) => s.name === 'StartWorkflow:verificationOrder' && attributeOf(s, 'temporalWorkflowId') === order.id,
        );
        const webhook = received.find(
          (s) => s.name === 'POST /webhooks/:provider' && attributeOf(s, 'voie.order_id') === order.id,
        );
        return start && webhook ? received : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: () => `the order's spans; received ${receiver.spans.length}` },
    );
    const start = spans.find(
      (s) => s.name === 'StartWorkflow:verificationOrder' && attributeOf(s, 'temporalWorkflowId') === order.id,
    )!;
    const webhooks = spans.filter(
      (s) => s.name === 'POST /webhooks/:provider' && attributeOf(s, 'voie.order_id') === order.id,
    );
    expect(webhooks).toHaveLength(1);
    expect(webhooks[0]!.links?.map((link) => [link.traceId, link.spanId])).toEqual([[start.traceId, start.spanId]]);
    expect(webhooks[0]!.traceId).not.toBe(FOREIGN_TRACE_ID);
    expect(webhooks[0]!.parentSpanId ?? '').toBe('');
  }, 180_000);

  it('leaves a history that replays: the traced run is as deterministic as an untraced one', async () => {
    const order = await stack.placeOrder();
    await stack.waitForWorkflow(order.id);
    const history = await stack.client.workflow.getHandle(order.id).fetchHistory();
    // The trace context rode in the start's headers.
    expect(history.events?.[0]?.workflowExecutionStartedEventAttributes?.header?.fields).toHaveProperty('_tracer-data');
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: await workflowBundle(), dataConverter: testWorkerDataConverter, sinks: workflowSinks() },
        history,
        order.id,
      ),
    ).resolves.toBeUndefined();
  }, 180_000);
});

/** The trace as an indented tree of span names and services. */
function renderTrace(spans: ReceivedSpan[]): string {
  const lines: string[] = [];
  const visit = (span: ReceivedSpan, depth: number): void => {
    const links = span.links?.length ? `  (links ${span.links.length})` : '';
    lines.push(`${'  '.repeat(depth)}${span.name}  [${span.service}]${links}`);
    for (const child of childrenOf(spans, span)) visit(child, depth + 1);
  };
  for (const root of spans.filter((s) => !parentOf(spans, s))) visit(root, 0);
  return lines.join('\n');
}
