import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { Resource } from '@opentelemetry/resources';
import { envDetector, detectResources, resourceFromAttributes } from '@opentelemetry/resources';
import type { Sampler, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { Config } from '../config';
import packageJson from '../../package.json';
import { ScrubbingSpanExporter } from './span-scrubber';

/** Which voie process traces: it names the service unless `OTEL_SERVICE_NAME` does. */
export type TracingRole = 'api' | 'worker' | 'dev';

const DEFAULT_SERVICE_NAMES: Record<TracingRole, string> = {
  api: 'voie-api',
  worker: 'voie-worker',
  dev: 'voie-dev',
};

/** A process's tracing: on with an exporter, or off (the API's no-op tracer; nothing else runs). */
export interface Tracing {
  readonly enabled: boolean;
  /** The processor every span ends in (the workflows' spans too, through the worker's sink); none when off. */
  readonly spanProcessor?: SpanProcessor;
  readonly resource?: Resource;
  /** Exports what is pending and stops: the process's last spans reach the backend. */
  shutdown(): Promise<void>;
}

/** Tracing off: the OpenTelemetry API's no-op tracer answers every call. */
export const TRACING_OFF: Tracing = { enabled: false, shutdown: () => Promise.resolve() };

type TracingSettings = Config['tracing'];

/** The OTLP/HTTP exporter of the configured protocol (protobuf unless `http/json`). */
export function createSpanExporter(settings: Pick<TracingSettings, 'endpoint' | 'protocol'>): SpanExporter {
  const options = {
    url: settings.endpoint,
    // The exporter's own default loads `http` by a dynamic import, which jest's module system refuses.
    httpAgentOptions: (protocol: string) =>
      protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true }),
  };
  return settings.protocol === 'http/json' ? new JsonTraceExporter(options) : new ProtobufTraceExporter(options);
}

/** `OTEL_TRACES_SAMPLER` as the SDK reads it, built from the checked configuration rather than from the environment. */
function sampler(settings: TracingSettings): Sampler {
  const ratio = new TraceIdRatioBasedSampler(settings.samplerRatio ?? 1);
  switch (settings.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/**
 * Starts tracing when an OTLP endpoint is configured, and registers it as the process's (the OpenTelemetry API's
 * global tracer provider, context manager and W3C trace-context propagator, without baggage). Outgoing `fetch` and
 * undici requests made inside a traced operation (a provider call, a delivery) become client spans; requests outside
 * one make none. Every span goes through the scrubber (`span-scrubber.ts`) on its way out.
 */
export function startTracing(settings: TracingSettings, role: TracingRole): Tracing {
  if (!settings.endpoint) return TRACING_OFF;
  const resource = detectResources({ detectors: [envDetector] }).merge(
    resourceFromAttributes({
      [ATTR_SERVICE_NAME]: settings.serviceName ?? DEFAULT_SERVICE_NAMES[role],
      [ATTR_SERVICE_VERSION]: packageJson.version,
    }),
  );
  const spanProcessor = new BatchSpanProcessor(new ScrubbingSpanExporter(createSpanExporter(settings)));
  const provider = new NodeTracerProvider({ resource, sampler: sampler(settings), spanProcessors: [spanProcessor] });
  // Trace context only, no baggage: a caller's baggage would otherwise ride on into Temporal's headers (in clear) and
  // out to the providers.
  provider.register({ propagator: new W3CTraceContextPropagator() });
  const undici = new UndiciInstrumentation({ requireParentforSpans: true });
  undici.setTracerProvider(provider);
  return {
    enabled: true,
    spanProcessor,
    resource,
    async shutdown() {
      undici.disable();
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
