import type { ProtoFailure } from '@temporalio/common';
import { defaultFailureConverter, defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { creationFailureReason } from '../../workflows/activity-failures';
import { FailureType } from '../../workflows/failure-types';

const { RetryState, TimeoutType } = temporal.api.enums.v1;

/** An activity's failure as the workflow receives it: the server's failure, through the SDK's converter. */
function activityFailed(cause: ProtoFailure, retryState = RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED): unknown {
  return defaultFailureConverter.failureToError(
    {
      message: 'Activity task failed',
      activityFailureInfo: { activityType: { name: 'createProviderOrder' }, activityId: '1', retryState },
      cause,
    },
    defaultPayloadConverter,
  );
}

const application = (type: string, message: string): ProtoFailure => ({
  message,
  applicationFailureInfo: { type },
});

/** The activity's schedule-to-close timeout, with the last attempt's failure as the server attaches it. */
const timedOut = (lastFailure?: ProtoFailure) =>
  activityFailed(
    {
      message: 'activity ScheduleToClose timeout',
      timeoutFailureInfo: { timeoutType: TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE },
      cause: lastFailure,
    },
    RetryState.RETRY_STATE_TIMEOUT,
  );

describe('why creating the provider order failed', () => {
  it("is the provider's own words when it refused", () => {
    const refused = activityFailed(application(FailureType.ProviderRejected, 'POST /orders answered 422: bad ssn'));
    expect(creationFailureReason(refused)).toBe('POST /orders answered 422: bad ssn');
  });

  it('says the provider could not be reached when it was down, throttling or never answered', () => {
    const down = application(FailureType.ProviderUnavailable, 'POST /orders answered 503');
    expect(creationFailureReason(timedOut(down))).toBe(
      'the provider could not be reached: activity ScheduleToClose timeout',
    );
    expect(creationFailureReason(activityFailed(down))).toBe(
      'the provider could not be reached: POST /orders answered 503',
    );
    const throttled = application(FailureType.ProviderRateLimited, 'POST /orders answered 429');
    expect(creationFailureReason(timedOut(throttled))).toMatch(/^the provider could not be reached: /);
    const attemptTimedOut = {
      message: 'activity StartToClose timeout',
      timeoutFailureInfo: { timeoutType: TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE },
    };
    expect(creationFailureReason(timedOut(attemptTimedOut))).toMatch(/^the provider could not be reached: /);
    expect(creationFailureReason(timedOut())).toMatch(/^the provider could not be reached: /);
  });

  it('says voie could not handle the answer when a bug kept failing until the time ran out', () => {
    const bug = application('TypeError', "Cannot read properties of undefined (reading 'id')");
    expect(creationFailureReason(timedOut(bug))).toBe(
      "voie could not handle the provider's answer: activity ScheduleToClose timeout",
    );
    expect(creationFailureReason(activityFailed(bug))).toBe(
      "voie could not handle the provider's answer: Cannot read properties of undefined (reading 'id')",
    );
  });
});
