import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from '../logger';

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

export function sendProblem(res: Response, error: ApiError): void {
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
    });
}

/** Maps every error to a problem response: bad input is 4xx, an unreachable Temporal 503, never a raw 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const bodyError = err as { type?: string; status?: number };
    let problem: ApiError;
    if (err instanceof ApiError) problem = err;
    else if (bodyError.type === 'entity.too.large')
      problem = new ApiError(413, 'Payload Too Large', 'the body is over 1 MiB');
    else if (bodyError.type === 'entity.parse.failed')
      problem = new ApiError(400, 'Bad Request', 'the body is not valid JSON');
    else if (bodyError.type?.startsWith('encoding.') || bodyError.type === 'charset.unsupported') {
      problem = new ApiError(415, 'Unsupported Media Type', 'unsupported body encoding');
    } else if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
      problem = new ApiError(bodyError.status, 'Bad Request', 'the request could not be read');
    } else {
      // The mount point, not the path: a path may carry a codec key.
      logger.error({ err, method: req.method, mount: req.baseUrl }, 'request failed');
      problem = new ApiError(
        503,
        'Service Unavailable',
        'voie could not complete the request; retry later',
        undefined,
        {
          'retry-after': '5',
        },
      );
    }
    sendProblem(res, problem);
  };
}
