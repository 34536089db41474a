import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from '../logger';
import { LoanNotFoundError } from '../loans/loan-not-found';
import { OrderNotFoundError } from '../orders/order-not-found';
import { tenantOf } from './request-identity';
import { redactSsn } from '../redact';
import { grpcCodeOf, isTemporalUnreachable } from './temporal-unreachable';

/** One invalid field of a request. */
export interface FieldError {
  field: string;
  message: string;
}

/** An error the API answers with `application/problem+json` (RFC 9457). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly title: string,
    detail?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? title);
  }
}

/** `400` naming each invalid field. */
export function invalidFields(errors: FieldError[]): ApiError {
  return new ApiError(400, 'Bad Request', errors.map((e) => `${e.field} ${e.message}`).join('; '), errors);
}

/** The header that carries a request's correlation id, both ways. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/** An incoming id is kept only if it is short and plain: it reaches the logs and the response headers. */
export const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request a correlation id: the caller's `X-Request-Id` when it is sane, else a new UUID. It is sent back
 * in the `X-Request-Id` header and in every problem body, and a failed request is logged with it.
 */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get(REQUEST_ID_HEADER);
    const id = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.set(REQUEST_ID_HEADER, id);
    next();
  };
}

function requestIdOf(res: Response): string | undefined {
  const id: unknown = res.locals.requestId;
  return typeof id === 'string' ? id : undefined;
}

export function sendProblem(res: Response, error: ApiError): void {
  const correlationId = requestIdOf(res);
  res
    .status(error.status)
    .set(error.headers ?? {})
    .type('application/problem+json')
    .json({
      type: 'about:blank',
      title: error.title,
      status: error.status,
      detail: error.message,
      ...(error.errors ? { errors: error.errors } : {}),
      ...(correlationId ? { correlation_id: correlationId } : {}),
    });
}

/**
 * Maps every error to a problem response: bad input is 4xx, an order or loan that does not exist `404`; an unreachable
 * Temporal is `503` with `Retry-After`; any other error is a bug in voie, `500`, logged with its stack and the
 * request's correlation id (the body has the id, never the stack).
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const bodyError = err as { type?: string; status?: number; limit?: number };
    let problem: ApiError;
    if (err instanceof ApiError) problem = err;
    else if (err instanceof OrderNotFoundError || err instanceof LoanNotFoundError) {
      problem = new ApiError(404, 'Not Found', err.message);
    } else if (bodyError.type === 'entity.too.large')
      problem = new ApiError(413, 'Payload Too Large', `the body is over ${sizeOf(bodyError.limit)}`);
    else if (bodyError.type === 'entity.parse.failed')
      problem = new ApiError(400, 'Bad Request', 'the body is not valid JSON');
    else if (bodyError.type?.startsWith('encoding.') || bodyError.type === 'charset.unsupported') {
      problem = new ApiError(415, 'Unsupported Media Type', 'unsupported body encoding');
    } else if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
      problem = new ApiError(bodyError.status, 'Bad Request', 'the request could not be read');
    } else {
      // The mount point, not the path: a path may carry a codec key.
      const context = {
        err,
        requestId: requestIdOf(res),
        ...tenantOf(res),
        method: req.method,
        mount: req.baseUrl,
        grpcCode: grpcCodeOf(err),
      };
      if (isTemporalUnreachable(err)) {
        logger.warn(context, 'request failed: Temporal is unreachable');
        problem = new ApiError(503, 'Service Unavailable', 'Temporal is unreachable; retry later', undefined, {
          'retry-after': '5',
        });
      } else {
        const stack = err instanceof Error && err.stack ? redactSsn(err.stack) : undefined;
        logger.error({ ...context, stack }, 'request failed: internal error');
        problem = new ApiError(500, 'Internal Server Error', 'voie failed to handle the request; it has been logged');
      }
    }
    sendProblem(res, problem);
  };
}

/** A body parser's limit, in bytes, as people write it: `256 KiB`, `1 MiB`. */
function sizeOf(bytes: number | undefined): string {
  if (bytes === undefined) return 'the limit';
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
