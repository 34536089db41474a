import { isGrpcDeadlineError, isGrpcServiceError } from '@temporalio/client';
import { NamespaceNotFoundError } from '@temporalio/common';

/**
 * gRPC statuses (`status` of @grpc/grpc-js) that say "not now": UNAVAILABLE, the frontend cannot be reached
 * (refused, reset); RESOURCE_EXHAUSTED, the server sheds load (its persistence or namespace rate limits).
 */
const GRPC_RETRY_LATER = new Set([14, 8]);

/** Socket errors of a connection to Temporal that never got an answer. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Whether an error means Temporal could not be reached or did not answer in time (no worker answering a query ends in
 * the API's deadline too): a later retry may succeed, so the API answers `503`. Anything else is a bug: `500`.
 */
export function isTemporalUnreachable(err: unknown): boolean {
  // voie's namespace exists (voie api checks it at start); a frontend that cannot read its database says it does not
  // (seen with PostgreSQL restarting under a Temporal 1.32 cluster), and that is an outage, not a bug.
  if (err instanceof NamespaceNotFoundError) return true;
  for (let cause: unknown = err, depth = 0; cause instanceof Error && depth < 8; depth++) {
    if (saysRetryLater(cause)) return true;
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
    cause = cause.cause;
  }
  return false;
}

/**
 * FAILED_PRECONDITION, as Temporal answers a query to an open workflow whose workers are all gone ("no poller seen for
 * task queue recently"): a worker coming back serves it.
 */
const GRPC_FAILED_PRECONDITION = 9;

/** A gRPC error of a call Temporal did not serve now; a deadline inside a client call comes wrapped, so each cause is asked. */
function saysRetryLater(err: Error): boolean {
  if (isGrpcServiceError(err) && GRPC_RETRY_LATER.has(Number(err.code))) return true;
  if (isGrpcServiceError(err) && Number(err.code) === GRPC_FAILED_PRECONDITION && /no poller seen/i.test(err.details)) {
    return true;
  }
  return isGrpcDeadlineError(err);
}
