import type { Span } from '@opentelemetry/api';
import {
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { routeOf } from './route-pattern';

/** Where a load balancer or Kubernetes calls: no span. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz']);

/**
 * One server span per request (but probes), named by its route pattern (`POST /v1/orders`), continuing the LOS's W3C
 * trace context when a `/v1` request sends one (any other caller's starts no trace of its own choosing). It records the method, the route pattern, the status and voie's
 * request id, and nothing of the URL's path or query, the headers or the caller's address: a path may hold the
 * codec's key, a query a webhook token. The span is the active context of everything the request does (the Temporal
 * calls, whose client interceptor puts it in the workflow's headers). With tracing off the tracer is the no-op one
 * and the request passes straight on.
 */
export function requestSpan(): RequestHandler {
  return (req, res, next) => {
    // Probes every few seconds would bury the orders' traces.
    if (UNTRACED_PATHS.has(req.path)) {
      next();
      return;
    }
    // Only the LOS's own requests (`/v1`, behind its API key) continue the caller's trace: a provider's webhook or any
    // other caller would choose the trace id, and its sampled flag whether a trace is kept.
    const parent = req.path.startsWith('/v1/') ? propagation.extract(ROOT_CONTEXT, req.headers) : ROOT_CONTEXT;
    const span = trace
      .getTracer('voie-api')
      .startSpan(
        req.method,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.scheme': req.protocol } },
        parent,
      );
    // Tracing off: the no-op tracer's span has no context to pass on. A span the sampler left out has one, and passes
    // its decision on to every span under it.
    if (!isSpanContextValid(span.spanContext())) {
      next();
      return;
    }
    const active = trace.setSpan(parent, span);
    // The body parsers and the handlers run in the request's own events, outside this call: bound, they see the span.
    context.bind(active, req);
    context.bind(active, res);
    res.once('finish', () => end(span, req, res.statusCode, String(res.locals.requestId ?? '')));
    res.once('close', () => {
      if (!res.writableFinished) end(span, req, undefined, String(res.locals.requestId ?? ''));
    });
    context.with(active, next);
  };
}

function end(span: Span, req: Parameters<RequestHandler>[0], status: number | undefined, requestId: string): void {
  const route = routeOf(req);
  span.updateName(`${req.method} ${route}`);
  span.setAttribute('http.route', route);
  if (requestId) span.setAttribute('voie.request_id', requestId);
  if (status === undefined) {
    span.setAttribute('error.type', 'aborted');
    span.setStatus({ code: SpanStatusCode.ERROR });
  } else {
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}
