/**
 * How the workflow reads an activity's failure. Kept in one place: which failures are final is a decision of the
 * activities (their `FailureType`s), and this is the only code in workflows/ that depends on it.
 */
import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';
import { FailureType } from './failure-types';

/** A failure no retry can fix: the provider refused, or answered something voie cannot read. */
export function isProviderRejection(err: unknown): boolean {
  const type = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause.type : undefined;
  return type === FailureType.ProviderRejected || type === FailureType.ProviderResponseInvalid;
}

/** Failures of a provider that did not answer usefully; retried, and left for the provider to fix. */
const UNREACHABLE_TYPES = new Set<string>([FailureType.ProviderUnavailable, FailureType.ProviderRateLimited]);

/**
 * Whether an activity that gave up failed because the provider could not be reached (down, throttling, not answering
 * in time), rather than because voie could not handle what it answered (a bug in voie, retried until the activity's
 * time ran out). A timeout is judged by the last attempt's failure when it had one.
 */
export function isProviderUnreachable(err: unknown): boolean {
  if (!(err instanceof ActivityFailure)) return false;
  const { cause } = err;
  if (cause instanceof TimeoutFailure) {
    // The SDK keeps the last attempt's failure only in the raw failure. Without an application failure there, every
    // attempt timed out: the provider never answered.
    const type = cause.failure?.cause?.applicationFailureInfo?.type;
    return type === undefined || type === null || UNREACHABLE_TYPES.has(type);
  }
  return cause instanceof ApplicationFailure && UNREACHABLE_TYPES.has(cause.type ?? '');
}

/** The message worth recording on the order: the activity's own, not the wrapper's "Activity task failed". */
export function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  return err instanceof Error ? err.message : String(err);
}

/** Why creating the provider order failed for good, in words that say on whose side the failure lies. */
export function creationFailureReason(err: unknown): string {
  if (isProviderRejection(err)) return failureMessage(err);
  if (isProviderUnreachable(err)) return `the provider could not be reached: ${failureMessage(err)}`;
  return `voie could not handle the provider's answer: ${failureMessage(err)}`;
}
