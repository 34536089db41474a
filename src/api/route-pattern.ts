import type { Request } from 'express';

/** Where the API's routers are mounted (the webhook route is the app's own: its pattern is already whole). */
const MOUNTS = ['/v1/orders', '/v1/loans', '/codec'];

/**
 * The matched route pattern (`/v1/orders/:id`), never the path: ids and codec keys stay out of metric labels, log
 * lines and span names. `unmatched` when no route took the request. Read once the response is finished, when Express
 * has already reset `req.baseUrl`.
 */
export function routeOf(req: Request): string {
  const route = (req.route as { path?: string } | undefined)?.path;
  if (!route) return 'unmatched';
  const mount = MOUNTS.find((prefix) => req.originalUrl.startsWith(prefix)) ?? '';
  return `${mount}${route === '/' ? '' : route}`;
}

/** The path's value at the pattern's `:name` segment (`/v1/orders/:id`, `id`), if the pattern has one. */
export function routeParam(pattern: string, path: string, name: string): string | undefined {
  const at = pattern.split('/').indexOf(`:${name}`);
  if (at < 0) return undefined;
  return path.split('?')[0]!.split('/')[at];
}
