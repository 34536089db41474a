import type { Context } from '@temporalio/activity';

/**
 * What a create attempt leaves the next one in its heartbeat details (which the SDK reports with the attempt's
 * failure): that no provider order existed for it as of this attempt. An attempt leaves it only when it knows:
 * its create was turned away unread, and any order an earlier attempt might have placed was looked for and not found.
 */
interface NoOrderYet {
  noOrderAsOfAttempt: number;
}

/**
 * Whether an earlier attempt may have placed the provider order: true after any failure that leaves it unknown (a
 * timeout, a lost answer, a crashed worker), false on a first attempt and right after an attempt that was turned
 * away. Only then does a retry spend a call looking the order up; after an outage it places the order at once.
 */
export function earlierAttemptMayHavePlaced(context: Context): boolean {
  const { attempt } = context.info;
  if (attempt === 1) return false;
  const details = context.info.heartbeatDetails as Partial<NoOrderYet> | undefined;
  return details?.noOrderAsOfAttempt !== attempt - 1;
}

/** Tells the next attempt that no provider order exists yet (see {@link earlierAttemptMayHavePlaced}). */
export function rememberNoOrderYet(context: Context): void {
  const details: NoOrderYet = { noOrderAsOfAttempt: context.info.attempt };
  context.heartbeat(details);
}
