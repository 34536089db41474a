import { SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { scrubSpan } from '../../src/telemetry/span-scrubber';

const context = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
};

function span(overrides: Partial<ReadableSpan>): ReadableSpan {
  return {
    name: 'POST',
    kind: SpanKind.CLIENT,
    spanContext: () => context,
    startTime: [1, 0],
    endTime: [2, 0],
    status: { code: SpanStatusCode.OK },
    attributes: {},
    links: [],
    events: [],
    duration: [1, 0],
    ended: true,
    resource: resourceFromAttributes({ 'service.name': 'voie-worker' }),
    instrumentationScope: { name: 'test' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
    ...overrides,
  };
}

describe('scrubSpan', () => {
  it('keeps methods, statuses, hosts, Temporal ids and voie attributes, and drops URLs, agents, addresses and the rest', () => {
    const scrubbed = scrubSpan(
      span({
        attributes: {
          'http.request.method': 'POST',
          'http.response.status_code': 201,
          'server.address': 'api.truework.com',
          'url.full': 'https://api.truework.com/orders?ssn=000-00-0000',
          'url.path': '/codec/secret-key/decode',
          'url.query': 'token=abc',
          'user_agent.original': 'undici',
          'client.address': '10.0.0.7',
          temporalWorkflowId: 'ord_1',
          'voie.order_id': 'ord_1',
          memo: 'Jane Doe',
        },
      }),
    );
    expect(scrubbed.attributes).toEqual({
      'http.request.method': 'POST',
      'http.response.status_code': 201,
      'server.address': 'api.truework.com',
      temporalWorkflowId: 'ord_1',
      'voie.order_id': 'ord_1',
    });
  });

  it('drops an object copied onto a kept key, an error’s text, event details and link attributes', () => {
    const scrubbed = scrubSpan(
      span({
        attributes: { workflowId: 'ord_1', namespace: { applicant: 'Jane' } as never },
        status: { code: SpanStatusCode.ERROR, message: 'provider said: Jane Doe 000-00-0000 is invalid' },
        events: [
          {
            name: 'exception',
            time: [1, 5],
            attributes: { 'exception.type': 'ProviderRejectedError', 'exception.message': 'Jane Doe' },
          },
          { name: 'log', time: [1, 6], attributes: { line: 'Jane Doe' } },
        ],
        links: [{ context, attributes: { note: 'Jane' } }],
      }),
    );
    expect(scrubbed.attributes).toEqual({ workflowId: 'ord_1' });
    expect(scrubbed.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(scrubbed.events).toEqual([
      { name: 'exception', time: [1, 5], attributes: { 'exception.type': 'ProviderRejectedError' } },
    ]);
    expect(scrubbed.links).toEqual([{ context }]);
    expect(scrubbed.spanContext()).toBe(context);
  });
});
