import { isGrpcDeadlineError, isGrpcServiceError } from '@temporalio/client';
import { NamespaceNotFoundError } from '@temporalio/common';

/**
 * gRPC statuses (`status` of @grpc/grpc-js) that say "not now": UNAVAILABLE, the frontend cannot be reached
 * (refused, reset); RESOURCE_EXHAUSTED, the server sheds load (its persistence or namespace rate limits); CANCELLED,
 * the server gave up on the call (the API cancels none itself): seen on a visibility list under a webhook flood, the
 * server's end of the API's deadline arriving before the client's own DEADLINE_EXCEEDED.
 */
const GRPC_RETRY_LATER = new Set([14, 8, 1]);

/**
 * FAILED_PRECONDITION with this text is Temporal's answer to a query when no worker has polled the order queue for a
 * while (`matching.queryPollerUnavailableWindow`): every worker is down or going away, and one coming back answers.
 * Other FAILED_PRECONDITIONs (a workflow whose task keeps failing) are not waited out: they stay 500.
 */
const GRPC_FAILED_PRECONDITION = 9;
const NO_RECENT_POLLER = 'no poller seen for task queue recently';
/**
 * FAILED_PRECONDITION with this text is Temporal's refusal of an update to a workflow run that has taken its limit of
 * updates (`history.maxTotalUpdates`): a flood of PATCHes or PUTs on one order or loan. The workflow continues as new
 * (Temporal suggests it) and the next run takes updates again: a retry later succeeds. (Too many updates in flight at
 * once is RESOURCE_EXHAUSTED, above.)
 */
const TOTAL_UPDATES_LIMIT = 'limit on number of total updates has been reached';

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

/** A gRPC error of a call Temporal did not serve now; a deadline inside a client call comes wrapped, so each cause is asked. */
function saysRetryLater(err: Error): boolean {
  if (isGrpcServiceError(err)) {
    const code = Number(err.code);
    if (GRPC_RETRY_LATER.has(code)) return true;
    if (
      code === GRPC_FAILED_PRECONDITION &&
      [NO_RECENT_POLLER, TOTAL_UPDATES_LIMIT].some((text) => err.details.includes(text))
    ) {
      return true;
    }
  }
  return isGrpcDeadlineError(err);
}

/** The gRPC status code (`code` of @grpc/grpc-js) under an error of a Temporal call, for the log; undefined if none. */
export function grpcCodeOf(err: unknown): number | undefined {
  for (let cause: unknown = err, depth = 0; cause instanceof Error && depth < 8; depth++) {
    if (isGrpcServiceError(cause)) return Number(cause.code);
    cause = cause.cause;
  }
  return undefined;
}
