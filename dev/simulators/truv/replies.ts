import type { Reply } from '../kit';

/** One bad field of a 400, as Truv lists them in `extra.invalid-params`. */
export interface InvalidParam {
  field: string;
  message: string;
}

/** Truv's error body: `code`, `message` and, on a 400, `extra`. */
export function error(code: string, message: string, extra?: unknown): { error: Record<string, unknown> } {
  return { error: { code, message, ...(extra !== undefined ? { extra } : {}) } };
}

/** A 400 naming every bad field. */
export function invalid(params: InvalidParam[]): Reply {
  return {
    status: 400,
    body: error('incorrect_parameters', 'Incorrect request parameters', { 'invalid-params': params }),
  };
}

/** DRF answers an unknown id with `detail`, not Truv's `error` object. */
export function notFound(): Reply {
  return { status: 404, body: { detail: 'Not found.' } };
}

/** A list as Truv pages it, here always on one page. */
export function page<T>(results: T[]): Reply {
  return { status: 200, body: { count: results.length, next: null, previous: null, results } };
}

/** The body of an answer that `failNextRequests` forces. */
export function faultBody(status: number, retryAfterSeconds: number | undefined): unknown {
  if (status === 429) {
    return error('throttled', `Request was throttled. Expected available in ${retryAfterSeconds ?? 1} seconds.`);
  }
  if (status >= 500) return error('server_error', 'Internal server error');
  return error('incorrect_parameters', 'Request failed');
}
