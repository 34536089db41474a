import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../src/logger';
import { deliveryAttempts } from '../../src/metrics';
import { freeLoopbackPort } from '../../src/net/free-port';
import { metricsPortOf, startMetricsServer } from '../../src/metrics-server';

/** The SDK core's exporter as Prometheus reads it: its exposition, here without a final newline. */
const SDK_EXPOSITION = '# TYPE temporal_workflow_completed_total counter\ntemporal_workflow_completed_total{a="b"} 3';

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((server) => new Promise((done) => server.close(done)))));

async function listening(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function metricsServer(sdkMetricsUrl?: string): Promise<string> {
  const server = await startMetricsServer({ port: 0, sdkMetricsUrl, logger: createLogger('silent') });
  servers.push(server);
  return `http://127.0.0.1:${metricsPortOf(server)}`;
}

describe('/metrics on VOIE_METRICS_PORT', () => {
  it("serves the SDK's worker metrics followed by voie's counters, as one exposition", async () => {
    const sdk = await listening(createServer((_req, res) => res.end(SDK_EXPOSITION)));
    deliveryAttempts.inc({ outcome: 'delivered' });
    const response = await fetch(`${await metricsServer(`${sdk}/metrics`)}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text.startsWith(`${SDK_EXPOSITION}\n# HELP voie_`)).toBe(true);
    expect(text).toMatch(/^voie_delivery_attempts_total\{outcome="delivered"\} [1-9]/m);
  });

  it("still serves voie's counters when the SDK's exporter does not answer, saying what is missing", async () => {
    const closedPort = await freeLoopbackPort();
    const response = await fetch(`${await metricsServer(`http://127.0.0.1:${closedPort}/metrics`)}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain("# the Temporal SDK's worker metrics are unavailable right now\n");
    expect(text).toContain('# TYPE voie_delivery_attempts_total counter');
  });

  it("serves voie's metrics alone in a process without the SDK's exporter", async () => {
    const response = await fetch(`${await metricsServer()}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.startsWith('# HELP voie_')).toBe(true);
    expect(text).not.toContain('Temporal SDK');
  });

  it('says which setting to change when the port is taken', async () => {
    const taken = await listening(createServer());
    const port = Number(new URL(taken).port);
    await expect(startMetricsServer({ port, logger: createLogger('silent') })).rejects.toThrow(
      `VOIE_METRICS_PORT ${port} is in use`,
    );
  });

  it('answers 404 on any other path', async () => {
    const sdk = await listening(createServer((_req, res) => res.end(SDK_EXPOSITION)));
    const response = await fetch(`${await metricsServer(`${sdk}/metrics`)}/healthz`);
    expect(response.status).toBe(404);
  });
});
