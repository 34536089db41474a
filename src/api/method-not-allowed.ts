import type { RequestHandler } from 'express';
import { ApiError } from './errors';
import type { OpenApiDocument } from './openapi';

/**
 * A method the API document does not declare on a path it does: `405` with `Allow` (RFC 9110 §15.5.6), not a `404`
 * that would say the path is unknown. Mounted after every route, so it only sees requests no route answered; the
 * allowed methods come from the document, the one list of what voie serves.
 */
export function methodNotAllowed(document: Pick<OpenApiDocument, 'paths'>): RequestHandler {
  const routes = Object.entries(document.paths).map(([template, operations]) => {
    const methods = Object.keys(operations).map((method) => method.toUpperCase());
    // Express answers HEAD wherever it answers GET.
    if (methods.includes('GET')) methods.push('HEAD');
    return { template, pattern: new RegExp(`^${template.replace(/\{[^/}]+\}/g, '[^/]+')}/?$`), methods };
  });
  return (req, _res, next) => {
    const route = routes.find(({ pattern }) => pattern.test(req.path));
    if (!route || route.methods.includes(req.method)) {
      next();
      return;
    }
    const allow = route.methods.join(', ');
    next(
      new ApiError(
        405,
        'Method Not Allowed',
        `${req.method} is not served on ${route.template}; use ${allow}`,
        undefined,
        {
          allow,
        },
      ),
    );
  };
}
