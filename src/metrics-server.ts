import { createServer, type Server } from 'node:http';
import type { Logger } from './logger';
import { metricsRegistry } from './metrics';
import { scrapeSdkMetrics } from './sdk-metrics';

/**
 * The process's `/metrics` on `VOIE_METRICS_PORT`, one per process whatever it runs (`voie api`, `voie worker`,
 * `voie dev`), and never on the API's port: the API's port faces the LOS and the providers, this one Prometheus
 * alone. It serves the Temporal SDK's metrics (which its native core serves on a loopback port of its own,
 * `sdkMetricsUrl`) followed by voie's. The two never share a name: the SDK's start with `temporal_`, voie's with
 * `voie_`.
 */
export async function startMetricsServer(options: {
  port: number;
  /** The SDK's exporter; without one (no native runtime metrics in this process), voie's metrics alone. */
  sdkMetricsUrl?: string;
  logger: Logger;
  /** Where to listen; every interface unless given (Prometheus scrapes from another host). */
  host?: string;
}): Promise<Server> {
  const { sdkMetricsUrl, logger } = options;
  const server = createServer((req, res) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    void Promise.all([sdkMetricsUrl ? scrapeSdkMetrics(sdkMetricsUrl, logger) : '', metricsRegistry.metrics()]).then(
      ([sdk, voie]) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(sdk + voie),
      (err: unknown) => {
        logger.error({ err }, 'could not collect the metrics');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('could not collect the metrics\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`VOIE_METRICS_PORT ${options.port} is in use: set VOIE_METRICS_PORT to a free port`)
          : err,
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}

/** The port a metrics server listens on (the one the OS chose for `VOIE_METRICS_PORT=0`). */
export function metricsPortOf(server: Server): number {
  return (server.address() as { port: number }).port;
}
