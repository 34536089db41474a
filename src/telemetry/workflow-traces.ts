import type { SpanContext } from '@opentelemetry/api';
import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { WorkflowClientInterceptor } from '@temporalio/client';

/**
 * The memo key of the trace a workflow was started in: a W3C `traceparent` (trace id, span id, flags), no more. The
 * memo is what the API reads by `describe`, without a worker; the trace context is no personal data.
 */
export const TRACEPARENT_MEMO = 'traceparent';

/** How many workflows' traces are remembered: one per open order, oldest forgotten first. */
const DEFAULT_CAPACITY = 50_000;

const w3c = new W3CTraceContextPropagator();

/** The `traceparent` of a sampled span context; none for another (unsampled, invalid). */
export function traceparentOf(spanContext: SpanContext | undefined): string | undefined {
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  if ((spanContext.traceFlags & TraceFlags.SAMPLED) === 0) return undefined;
  const carrier: Record<string, string> = {};
  w3c.inject(trace.setSpanContext(ROOT_CONTEXT, spanContext), carrier, defaultTextMapSetter);
  // The trace state (a vendor's entries) stays out of the memo.
  return carrier.traceparent;
}

/** The span context a `traceparent` names; none when it is absent or malformed. */
export function spanContextOf(traceparent: unknown): SpanContext | undefined {
  if (typeof traceparent !== 'string') return undefined;
  const extracted = w3c.extract(ROOT_CONTEXT, { traceparent }, defaultTextMapGetter);
  const spanContext = trace.getSpanContext(extracted);
  return spanContext && isSpanContextValid(spanContext) ? spanContext : undefined;
}

/**
 * The trace each workflow was started in, by workflow id, so that a provider's webhook links its request span to its
 * order's trace. The API's client records it (its `interceptor`, inside the `StartWorkflow` span) in the workflow's
 * memo and remembers it; for an order another API process placed, `find` reads the memo once and remembers what it
 * found (none too: an order placed with tracing off has none). Used only with tracing on: with it off, the webhook
 * path makes no call for a trace.
 */
export class WorkflowTraces {
  /** Workflow id → its start's span context (none when it has none), in the order they were remembered. */
  private readonly known = new Map<string, Promise<SpanContext | undefined>>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /**
   * The client interceptor that writes the start's trace context into the workflow's memo. It goes after the
   * OpenTelemetry client interceptor, whose `StartWorkflow` span is then the active one.
   */
  readonly interceptor: WorkflowClientInterceptor = {
    startWithDetails: async (input, next) => {
      const traceparent = traceparentOf(trace.getSpanContext(context.active()));
      if (!traceparent) return next(input);
      const output = await next({
        ...input,
        options: { ...input.options, memo: { ...input.options.memo, [TRACEPARENT_MEMO]: traceparent } },
      });
      this.remember(input.options.workflowId, Promise.resolve(spanContextOf(traceparent)));
      return output;
    },
  };

  /**
   * The span context the workflow was started in: remembered, else read from its memo (`readMemo`, a `describe`)
   * and remembered. Concurrent asks for one workflow share one read; a read that fails is not remembered, and none
   * is a failure of the caller's (a trace never is).
   */
  find(
    workflowId: string,
    readMemo: () => Promise<Record<string, unknown> | undefined>,
  ): Promise<SpanContext | undefined> {
    const known = this.known.get(workflowId);
    if (known) return known;
    const found = readMemo().then(
      (memo) => spanContextOf(memo?.[TRACEPARENT_MEMO]),
      () => {
        if (this.known.get(workflowId) === found) this.known.delete(workflowId);
        return undefined;
      },
    );
    this.remember(workflowId, found);
    return found;
  }

  private remember(workflowId: string, spanContext: Promise<SpanContext | undefined>): void {
    this.known.delete(workflowId);
    this.known.set(workflowId, spanContext);
    if (this.known.size > this.capacity) this.known.delete(this.known.keys().next().value!);
  }
}
