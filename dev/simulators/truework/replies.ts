import type { Reply } from '../kit';

/** The API version the simulator speaks, as Truework pins it per key. */
export const API_VERSION = '2023-10-30';

/** Truework's validation errors: field → messages, nested like the body. */
export type InvalidFields = { [field: string]: string[] | InvalidFields };

/** Truework's error body: an `error` object with at least a `message`. */
export function error(message: string): { error: { message: string } } {
  return { error: { message } };
}

/** A 400 naming every bad field. */
export function invalidFields(invalid: InvalidFields, message = 'Invalid field values provided'): Reply {
  return { status: 400, body: { error: { message, invalid_fields: invalid } } };
}

/** Why the Accept header's version cannot be served, or undefined when it can (or names none). */
export function versionProblem(accept: string | undefined): string | undefined {
  if (!accept) return undefined;
  const match = /(?:^|;)\s*version\s*=\s*"?([^";,\s]*)"?/i.exec(accept);
  if (!match) return undefined;
  const version = match[1] ?? '';
  if (version === API_VERSION) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(version) && version < API_VERSION) {
    return `API version ${version} is older than this key's pinned version ${API_VERSION}; downgrading is not allowed`;
  }
  return 'Invalid API version requested';
}

/** The message of an answer that `failNextRequests` forces. */
export function faultMessage(status: number): string {
  if (status === 429) return 'Rate limit exceeded';
  if (status >= 500) return 'Internal server error';
  return 'Request failed';
}
