import { createServer, type Server } from 'node:http';
import type { Logger } from './logger';
import { metricsRegistry } from './metrics';
import { scrapeSdkMetrics } from './sdk-metrics';

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
    void Promise.all([scrapeSdkMetrics(options.sdkMetricsUrl, options.logger), metricsRegistry.metrics()]).then(
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
