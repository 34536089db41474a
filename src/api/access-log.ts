import type { RequestHandler, Response } from 'express';
import { ORDER_ID_PATTERN } from '../domain/order-id';
import type { Logger } from '../logger';
import { REQUEST_ID_HEADER } from './errors';
import { tenantOf } from './request-identity';
import { routeOf, routeParam } from './route-pattern';

/**
 * One JSON line per request once its answer is sent (or the caller gave up): method, route pattern, status,
 * duration, request id, tenant and order id. Never a body, a raw path or a query: paths hold codec keys and loan
 * ids, queries hold the LOS's filters; the order id is voie's own, and kept only in its own shape.
 *
 * The LOS's `/v1` requests are `info`, the traffic an operator answers for. Everything else is `debug`: a provider's
 * webhooks arrive by the thousand (their counts and outcomes are metrics, each order's timeline has them), the codec
 * answers the Temporal UI's every page, and probes come every few seconds.
 */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const route = routeOf(req);
      const v1 = req.originalUrl.startsWith('/v1/') || req.originalUrl === '/v1';
      const orderId = v1 ? orderIdOf(route, req.originalUrl, res) : undefined;
      const line = {
        method: req.method,
        route,
        status: res.statusCode,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        requestId: res.get(REQUEST_ID_HEADER),
        ...tenantOf(res),
        ...(orderId && { orderId }),
        ...(!res.writableFinished && { aborted: true }),
      };
      logger[v1 ? 'info' : 'debug'](line, 'request');
    });
    next();
  };
}

/** The order the request is about: its route's `:id`, or the one `POST /v1/orders` placed (its `Location`). */
function orderIdOf(route: string, url: string, res: Response): string | undefined {
  const location = res.get('location');
  const id = routeParam(route, url, 'id') ?? location?.split('/')[3];
  return id && ORDER_ID_PATTERN.test(id) ? id : undefined;
}
