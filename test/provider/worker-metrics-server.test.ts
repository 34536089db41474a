import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../src/logger';
import { deliveryAttempts } from '../../src/metrics';
import { freeLoopbackPort } from '../../src/net/free-port';
import { startWorkerMetricsServer } from '../../src/worker-metrics-server';

/** The SDK core's exporter as Prometheus reads it: its exposition, here without a final newline. */
const SDK_EXPOSITION = '# TYPE temporal_workflow_completed_total counter\ntemporal_workflow_completed_total{a="b"} 3';

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((server) => new Promise((done) => server.close(done)))));

async function listening(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function workerMetrics(sdkMetricsUrl: string): Promise<string> {
  const port = await freeLoopbackPort();
  servers.push(await startWorkerMetricsServer({ port, sdkMetricsUrl, logger: createLogger('silent') }));
  return `http://127.0.0.1:${port}`;
}

describe("voie worker's /metrics", () => {
  it("serves the SDK's worker metrics followed by voie's counters, as one exposition", async () => {
    const sdk = await listening(createServer((_req, res) => res.end(SDK_EXPOSITION)));
    deliveryAttempts.inc({ outcome: 'delivered' });
    const response = await fetch(`${await workerMetrics(`${sdk}/metrics`)}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text.startsWith(`${SDK_EXPOSITION}\n# HELP voie_`)).toBe(true);
    expect(text).toMatch(/^voie_delivery_attempts_total\{outcome="delivered"\} [1-9]/m);
  });

  it("still serves voie's counters when the SDK's exporter does not answer, saying what is missing", async () => {
    const closedPort = await freeLoopbackPort();
    const response = await fetch(`${await workerMetrics(`http://127.0.0.1:${closedPort}/metrics`)}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain("# the Temporal SDK's worker metrics are unavailable right now\n");
    expect(text).toContain('# TYPE voie_delivery_attempts_total counter');
  });

  it('answers 404 on any other path', async () => {
    const sdk = await listening(createServer((_req, res) => res.end(SDK_EXPOSITION)));
    const response = await fetch(`${await workerMetrics(`${sdk}/metrics`)}/healthz`);
    expect(response.status).toBe(404);
  });
});
