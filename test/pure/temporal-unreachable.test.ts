import { ServiceError } from '@temporalio/client';
import { grpcCodeOf, isTemporalUnreachable } from '../../src/api/temporal-unreachable';

/** A client call's error as @temporalio/client throws it: a ServiceError caused by the gRPC status. */
function failedCall(message: string, code: number, details: string): ServiceError {
  const grpc = Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
  return new ServiceError(message, { cause: grpc });
}

describe('which Temporal errors the API answers 503 (retry later) rather than 500', () => {
  it('retries later when the server gave up on a call, shed it, or could not be reached', () => {
    expect(isTemporalUnreachable(failedCall('Failed to list workflows', 1, 'context canceled'))).toBe(true);
    expect(isTemporalUnreachable(failedCall('Failed to list workflows', 8, 'namespace rate limit exceeded'))).toBe(
      true,
    );
    expect(isTemporalUnreachable(failedCall('Failed to query Workflow', 14, 'connection refused'))).toBe(true);
  });

  it('retries later when a query finds no worker polling, and not for other failed preconditions', () => {
    const noPoller = 'no poller seen for task queue recently, worker may be down';
    expect(isTemporalUnreachable(failedCall('Failed to query Workflow', 9, noPoller))).toBe(true);
    const failing = 'Unable to query workflow due to Workflow Task in failed state.';
    expect(isTemporalUnreachable(failedCall('Failed to query Workflow', 9, failing))).toBe(false);
  });

  it('retries later when a workflow has taken all the updates it may, or as many at once as it may', () => {
    const total = 'limit on number of total updates has been reached (2000)';
    expect(isTemporalUnreachable(failedCall('Workflow Update failed', 9, total))).toBe(true);
    const inFlight = 'limit on number of concurrent in-flight updates has been reached (10)';
    expect(isTemporalUnreachable(failedCall('Workflow Update failed', 8, inFlight))).toBe(true);
  });

  it('names the gRPC code under the error for the log, and none for an error of voie itself', () => {
    expect(grpcCodeOf(failedCall('Failed to query Workflow', 9, 'x'))).toBe(9);
    expect(grpcCodeOf(new TypeError("Cannot read properties of undefined (reading 'key')"))).toBeUndefined();
    expect(isTemporalUnreachable(new TypeError('bug'))).toBe(false);
  });
});
