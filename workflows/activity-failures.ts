/**
 * How the workflow reads an activity's failure. Kept in one place: which failures are final is a decision of the
 * activities (their `FailureType`s), and this is the only code in workflows/ that depends on it.
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { FailureType } from './failure-types';

/** A failure no retry can fix: the provider refused, or answered something voie cannot read. */
export function isProviderRejection(err: unknown): boolean {
  const type = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause.type : undefined;
  return type === FailureType.ProviderRejected || type === FailureType.ProviderResponseInvalid;
}

/** The message worth recording on the order: the activity's own, not the wrapper's "Activity task failed". */
export function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  return err instanceof Error ? err.message : String(err);
}
