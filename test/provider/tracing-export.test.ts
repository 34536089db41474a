import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { ConfigError, loadConfig } from '../../src/config';
import { createSpanExporter, startTracing } from '../../src/telemetry/tracing';

function span(name: string): ReadableSpan {
  const context = {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
  };
  return {
    name,
    kind: SpanKind.SERVER,
    spanContext: () => context,
    startTime: [1, 0],
    endTime: [2, 0],
    status: { code: SpanStatusCode.OK },
    attributes: { 'http.route': '/v1/orders' },
    links: [],
    events: [],
    duration: [1, 0],
    ended: true,
    resource: resourceFromAttributes({ 'service.name': 'voie-api' }),
    instrumentationScope: { name: 'voie-api' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

describe('tracing configuration', () => {
  it('is off without an OTLP endpoint', () => {
    const config = loadConfig({});
    expect(config.tracing.endpoint).toBeUndefined();
    expect(startTracing(config.tracing, 'api').enabled).toBe(false);
  });

  it('exports over OTLP/HTTP protobuf by default, to the base endpoint’s /v1/traces', () => {
    const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' });
    expect(config.tracing).toMatchObject({
      endpoint: 'http://collector:4318/v1/traces',
      protocol: 'http/protobuf',
      sampler: 'parentbased_always_on',
    });
    const traces = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    }).tracing;
    expect(traces).toMatchObject({ endpoint: 'http://traces:4318/custom', protocol: 'http/json' });
  });

  it('refuses a protocol, a sampler or an endpoint it cannot use', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(ConfigError);
    expect(() => loadConfig({ OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(ConfigError);
    expect(() => loadConfig({ OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(ConfigError);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(ConfigError);
  });

  it('sends protobuf to the collector when the protocol is left to its default', async () => {
    const received: { type?: string; path?: string; body: Buffer }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ type: req.headers['content-type'], path: req.url, body: Buffer.concat(chunks) });
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { tracing } = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` });
      const exporter = createSpanExporter(tracing);
      const result = await new Promise<ExportResult>((resolve) => exporter.export([span('POST /v1/orders')], resolve));
      await exporter.shutdown();
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ type: 'application/x-protobuf', path: '/v1/traces' });
      // Protobuf carries strings as they are: the span's name is in the body, and the body is no JSON.
      expect(received[0]!.body.includes(Buffer.from('POST /v1/orders'))).toBe(true);
      expect(() => JSON.parse(received[0]!.body.toString('utf8')) as unknown).toThrow();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
