import type { Attributes, AttributeValue, Link } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter, TimedEvent } from '@opentelemetry/sdk-trace-node';

/**
 * The span attributes that may leave voie: methods, route patterns, status codes, hosts, Temporal's ids (an order's
 * id is its workflow's) and voie's own `voie.*` attributes, which voie sets only to names, ids and outcomes.
 * Everything else is dropped, whoever set it: an instrumentation's defaults record the full URL with its query, the
 * user agent and the caller's address, and the workflow exporter copies the whole workflow info (memo and search
 * attributes included) onto every workflow span.
 */
const KEPT_ATTRIBUTES = new Set([
  'http.request.method',
  'http.response.status_code',
  'http.route',
  'url.scheme',
  'server.address',
  'server.port',
  'network.protocol.version',
  'error.type',
  // Temporal's interceptors.
  'temporalWorkflowId',
  'run_id',
  'temporalActivityId',
  'temporalUpdateId',
  // The workflow info the workflow exporter adds to workflow spans: of it, only the workflow's identity.
  'workflowId',
  'runId',
  'workflowType',
  'taskQueue',
  'namespace',
]);

function kept(key: string): boolean {
  return KEPT_ATTRIBUTES.has(key) || key.startsWith('voie.');
}

function scrubAttributes(attributes: Attributes): Attributes {
  const scrubbed: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (kept(key) && isPlainValue(value)) scrubbed[key] = value;
  }
  return scrubbed;
}

/** A string, number or boolean (or a list of them); an object copied in from elsewhere is never one. */
function isPlainValue(value: unknown): value is AttributeValue {
  const plain = (item: unknown): boolean => ['string', 'number', 'boolean'].includes(typeof item);
  return Array.isArray(value) ? value.every(plain) : plain(value);
}

/** Of an event, only an exception's type: its message and stack may quote a provider's answer or an applicant. */
function scrubEvents(events: readonly TimedEvent[]): TimedEvent[] {
  return events
    .filter((event) => event.name === 'exception')
    .map((event) => ({
      name: event.name,
      time: event.time,
      ...(typeof event.attributes?.['exception.type'] === 'string'
        ? { attributes: { 'exception.type': event.attributes['exception.type'] } }
        : {}),
    }));
}

/** A copy of the span with nothing but what {@link KEPT_ATTRIBUTES} allows; its status keeps its code, not its text. */
export function scrubSpan(span: ReadableSpan): ReadableSpan {
  const links: Link[] = span.links.map((link) => ({ context: link.context }));
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    status: { code: span.status.code },
    attributes: scrubAttributes(span.attributes),
    links,
    events: scrubEvents(span.events),
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

/** Wraps an exporter so that every span it sends has been through {@link scrubSpan}. */
export class ScrubbingSpanExporter implements SpanExporter {
  constructor(private readonly exporter: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.exporter.export(spans.map(scrubSpan), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.exporter.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.exporter.forceFlush?.() ?? Promise.resolve();
  }
}
