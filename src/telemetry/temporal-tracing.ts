import { TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { ClientInterceptors } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';
import type { Tracing } from './tracing';
import type { WorkflowTraces } from './workflow-traces';

/**
 * The workflow interceptor module built into every workflow bundle (prebuilt or bundled at start-up): it traces a
 * run only when its start carried a trace context, so the bundle is the same with tracing on or off.
 */
export const WORKFLOW_TRACING_MODULE = require.resolve('../../workflows/tracing-interceptors');

/**
 * The API's client interceptors: each workflow start, signal, update and query is a span, and carries its context to
 * the workflow in the request's headers; with `traces`, a start also leaves its context in the workflow's memo (for
 * the webhooks' links to their orders' traces). None when tracing is off.
 */
export function tracingClientInterceptors(tracing: Tracing, traces?: WorkflowTraces): ClientInterceptors | undefined {
  if (!tracing.enabled) return undefined;
  // In this order: the memo's interceptor runs inside the `StartWorkflow` span.
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor(), ...(traces ? [traces.interceptor] : [])] };
}

/** The workers' activity interceptors: each attempt is a `RunActivity` span under the workflow's `StartActivity`. */
export function tracingActivityInterceptors(tracing: Tracing): NonNullable<WorkerOptions['interceptors']>['activity'] {
  return tracing.enabled
    ? [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ]
    : [];
}

/** The span of `@temporalio/interceptors-opentelemetry`'s workflow exporter: the OpenTelemetry SDK 1.x shape. */
type SandboxSpan = Omit<ReadableSpan, 'parentSpanContext' | 'instrumentationScope'> & {
  parentSpanId?: string;
  instrumentationLibrary?: ReadableSpan['instrumentationScope'];
};

/**
 * The workflows' spans as voie's SDK (2.x) reads them: the interceptors' sandbox builds them with SDK 1.x, which
 * names the parent by id alone and the scope `instrumentationLibrary`.
 */
function toReadableSpan(span: SandboxSpan): ReadableSpan {
  const { parentSpanId, instrumentationLibrary, ...rest } = span;
  const { traceId } = span.spanContext();
  return {
    ...rest,
    spanContext: () => span.spanContext(),
    instrumentationScope: instrumentationLibrary ?? { name: '@temporalio/interceptor-workflow' },
    ...(parentSpanId ? { parentSpanContext: { traceId, spanId: parentSpanId, traceFlags: TraceFlags.SAMPLED } } : {}),
  };
}

/**
 * The `exporter` sink the workflows' spans leave the sandbox through, into the process's span processor. Always
 * injected (the bundle's interceptors are): with tracing off no run is traced and it is never called.
 */
export function workflowTracingSinks(tracing: Tracing): NonNullable<WorkerOptions['sinks']> {
  const processor = tracing.spanProcessor;
  if (!processor || !tracing.resource) return { exporter: { export: { fn: () => undefined } } };
  const adapter: SpanProcessor = {
    onStart: () => undefined,
    onEnd: (span) => processor.onEnd(toReadableSpan(span)),
    forceFlush: () => processor.forceFlush(),
    shutdown: () => Promise.resolve(),
  };
  // The interceptors' package types its processor with SDK 1.x; the adapter takes what it passes (see toReadableSpan).
  return { exporter: makeWorkflowExporter(adapter as never, tracing.resource) };
}
