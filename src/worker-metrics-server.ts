import { createServer, type Server } from 'node:http';
import type { Logger } from './logger';
import { metricsRegistry } from './metrics';

/** How long a scrape waits for the SDK's exporter before answering with voie's counters alone. */
const SDK_SCRAPE_TIMEOUT_MS = 5_000;

/**
 * `voie worker`'s `/metrics`, one port for Prometheus: the Temporal SDK's worker metrics (which its native core
 * serves on a loopback port of its own, `sdkMetricsUrl`) followed by voie's counters. The two never share a name:
 * the SDK's start with `temporal_`, voie's with `voie_`.
 */
export async function startWorkerMetricsServer(options: {
  port: number;
  sdkMetricsUrl: string;
  logger: Logger;
}): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    void Promise.all([sdkMetrics(options.sdkMetricsUrl, options.logger), metricsRegistry.metrics()]).then(
      ([sdk, voie]) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(sdk + voie),
      (err: unknown) => {
        options.logger.error({ err }, 'could not collect the metrics');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('could not collect the metrics\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, () => resolve());
  });
  return server;
}

/** The SDK's exposition, ending with a newline; a comment instead when its exporter does not answer. */
async function sdkMetrics(url: string, logger: Logger): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(SDK_SCRAPE_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`the SDK's exporter answered ${response.status}`);
    const text = await response.text();
    return text.endsWith('\n') || text === '' ? text : `${text}\n`;
  } catch (err) {
    logger.warn({ err }, "the Temporal SDK's metrics exporter did not answer; serving voie's counters alone");
    return "# the Temporal SDK's worker metrics are unavailable right now\n";
  }
}
