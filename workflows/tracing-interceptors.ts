/**
 * Traces of the workflows, built into the workflow bundle (`workflowInterceptorModules`). Not a workflow.
 *
 * A run is traced when its start carried a trace context (the API's client interceptor puts one in the start's
 * headers when tracing is on); a run started without one makes no span, so with tracing off the workflows do nothing
 * more than read a header.
 *
 * Unlike the stock interceptors of `@temporalio/interceptors-opentelemetry`, the run's span ends as soon as it starts:
 * an order's workflow lives for weeks (months with its re-verification window), and a span covering it would reach
 * the tracing backend only then, leaving every span under it without its parent meanwhile. The span marks the run's
 * start, and everything the run does (its activities, its signals' handling, its next run) is its child. Nor do these
 * interceptors take the SDK's compatibility flags or yield: a history recorded without them replays unchanged.
 *
 * A signal's handling is a span of the order's trace (under the run's span) that links to the sender's span (in a
 * provider webhook's trace): one follows the order in its trace and sees what each webhook made of it. The webhook's
 * request links the other way, to the order's start (`src/telemetry/workflow-traces.ts`).
 */
import * as otel from '@opentelemetry/api';
import type {
  ActivityInput,
  Headers,
  ContinueAsNewInput,
  LocalActivityInput,
  Next,
  SignalInput,
  SignalWorkflowInput,
  StartChildWorkflowExecutionInput,
  WorkflowExecuteInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptorsFactory,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import { workflowInfo } from '@temporalio/workflow';
import {
  extractContextFromHeaders,
  headersWithContext,
  TRACE_HEADER,
} from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import {
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';

/** The sandbox's tracer, whose spans leave the sandbox through the worker's `exporter` sink. */
class SandboxTracer extends OpenTelemetryOutboundInterceptor {
  get otelTracer(): otel.Tracer {
    return this.tracer;
  }
}

let sandboxTracer: otel.Tracer | undefined;

/** Created on first use: its creation registers the sandbox's tracer provider and context manager. */
function tracer(): otel.Tracer {
  sandboxTracer ??= new SandboxTracer().otelTracer;
  return sandboxTracer;
}

/** What a run's interceptors share: the context of the run's span, once the run is traced. */
interface RunTrace {
  context?: otel.Context;
}

/** The trace context in a start's or a signal's headers; none when absent or unreadable (a trace is never a failure). */
function contextIn(headers: WorkflowExecuteInput['headers']): otel.Context | undefined {
  try {
    const context = extractContextFromHeaders(headers);
    return context && otel.trace.getSpanContext(context) ? context : undefined;
  } catch {
    return undefined;
  }
}

/** The name of a failure's kind, never its message (which may quote a provider's answer). */
function errorType(err: unknown): string {
  if (err && typeof err === 'object') {
    const { type, name } = err as { type?: unknown; name?: unknown };
    if (typeof type === 'string' && type) return type;
    if (typeof name === 'string' && name) return name;
  }
  return 'Error';
}

async function inSpan<T>(
  name: string,
  parent: otel.Context,
  fn: () => Promise<T>,
  options: otel.SpanOptions = {},
): Promise<T> {
  const span = tracer().startSpan(name, options, parent);
  try {
    const result = await otel.context.with(otel.trace.setSpan(parent, span), fn);
    span.setStatus({ code: otel.SpanStatusCode.OK });
    return result;
  } catch (err) {
    span.setStatus({ code: otel.SpanStatusCode.ERROR });
    span.setAttribute('error.type', errorType(err));
    throw err;
  } finally {
    span.end();
  }
}

class TracingInboundInterceptor implements WorkflowInboundCallsInterceptor {
  constructor(private readonly run: RunTrace) {}

  async execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    if (!(TRACE_HEADER in input.headers)) return next(input);
    // The tracer first: creating it registers the propagator that reads the header.
    tracer();
    const parent = contextIn(input.headers);
    if (!parent) return next(input);
    const info = workflowInfo();
    const span = tracer().startSpan(
      `RunWorkflow:${info.workflowType}`,
      { attributes: { temporalWorkflowId: info.workflowId, run_id: info.runId } },
      parent,
    );
    span.end();
    this.run.context = otel.trace.setSpan(parent, span);
    return otel.context.with(this.run.context, () => next(input));
  }

  async handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>): Promise<void> {
    if (!this.run.context) return next(input);
    const sender = contextIn(input.headers);
    const senderSpan = sender && otel.trace.getSpanContext(sender);
    return inSpan(`HandleSignal:${input.signalName}`, this.run.context, () => next(input), {
      links: senderSpan && otel.isSpanContextValid(senderSpan) ? [{ context: senderSpan }] : [],
    });
  }
}

/** Whether the code running now belongs to a traced run (the run's span, or one under it, is active). */
function activeTrace(): otel.Context | undefined {
  const active = otel.context.active();
  return otel.trace.getSpan(active) ? active : undefined;
}

/**
 * A traced outbound call: a span named `name` under the active trace, whose context rides in the call's headers. With
 * no active trace (the run was started untraced) the call goes on as it is.
 */
function outboundInSpan<I extends { headers: Headers }, R>(
  name: string,
  input: I,
  next: (input: I) => Promise<R>,
): Promise<R> {
  const active = activeTrace();
  if (!active) return next(input);
  return inSpan(name, active, () => next({ ...input, headers: headersWithContext(input.headers) }));
}

class TracingOutboundInterceptor implements WorkflowOutboundCallsInterceptor {
  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>) {
    return outboundInSpan(`StartActivity:${input.activityType}`, input, next);
  }

  scheduleLocalActivity(
    input: LocalActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
  ) {
    return outboundInSpan(`StartActivity:${input.activityType}`, input, next);
  }

  startChildWorkflowExecution(
    input: StartChildWorkflowExecutionInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
  ) {
    return outboundInSpan(`StartChildWorkflow:${input.workflowType}`, input, next);
  }

  signalWorkflow(input: SignalWorkflowInput, next: Next<WorkflowOutboundCallsInterceptor, 'signalWorkflow'>) {
    return outboundInSpan(`SignalWorkflow:${input.signalName}`, input, next);
  }

  /** The next run continues the trace: its run's span is a child of this one's. */
  continueAsNew(input: ContinueAsNewInput, next: Next<WorkflowOutboundCallsInterceptor, 'continueAsNew'>) {
    return activeTrace() ? next({ ...input, headers: headersWithContext(input.headers) }) : next(input);
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => {
  const run: RunTrace = {};
  return {
    inbound: [new TracingInboundInterceptor(run)],
    outbound: [new TracingOutboundInterceptor()],
    // Releases the sandbox's context storage when the workflow leaves the cache.
    internals: [new OpenTelemetryInternalsInterceptor()],
  };
};
