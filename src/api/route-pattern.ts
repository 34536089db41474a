import type express from 'express';

/** Where the API's routers are mounted (the webhook route is the app's own: its pattern is already whole). */
const MOUNTS = ['/v1/orders', '/v1/loans', '/codec'];

/**
 * The matched route pattern (`/v1/orders/:id`), never the path: ids and the codec's key never become a metric label
 * or a span's name. Express has already reset `req.baseUrl` when the response finishes, hence the mounts.
 */
export function routeOf(req: express.Request): string {
  const route = (req.route as { path?: string } | undefined)?.path;
  if (!route) return 'unmatched';
  const mount = MOUNTS.find((prefix) => req.originalUrl.startsWith(prefix)) ?? '';
  return `${mount}${route === '/' ? '' : route}`;
}
