/**
 * The polls of the book: counted at the simulators while the book stood still, and computed from voie's schedule
 * for a larger book than the run held.
 */
import { pollLoad, type PollSchedule } from './poll-load';
import type { ProviderLog } from './provider-log';

/** A stretch of the run (epoch ms) when no webhook asked for a read: every read of a provider order is a poll. */
export interface QuietSpan {
  from: number;
  to: number;
}

/** The polls one provider got while the book stood still. */
export interface CountedPolls {
  polls: number;
  /** How long the book stood still, in seconds: the spans' lengths, summed. */
  observedS: number;
  /** The most polls in a window of the schedule's first interval (15 min), per second; shorter spans, over their length. */
  busiestRate: number;
}

/**
 * Counts the reads of provider orders at the simulator within the quiet spans. In the book no webhook comes once it
 * has settled (its Truv applicants never act, its Truework orders have completed), so each of those reads is a poll.
 */
export function countPolls(
  log: Pick<ProviderLog, 'readsBetween'>,
  spans: readonly QuietSpan[],
  windowMs: number,
): CountedPolls {
  let polls = 0;
  let busiestRate = 0;
  for (const span of spans) {
    const reads = log.readsBetween(span.from, span.to);
    polls += reads.length;
    const window = Math.min(windowMs, span.to - span.from);
    for (let last = 0, first = 0; last < reads.length; last += 1) {
      while (reads[last]! - reads[first]! >= window) first += 1;
      busiestRate = Math.max(busiestRate, (last - first + 1) / (window / 1000));
    }
  }
  const observedS = spans.reduce((sum, span) => sum + (span.to - span.from), 0) / 1000;
  return { polls, observedS, busiestRate };
}

/**
 * The polls `count` orders waiting on their applicants ask in their busiest window, per second, when they all started
 * waiting at once: each polls on a grid of its own over the schedule's longest interval (`bench/poll-load.ts`).
 */
export function scheduledApplicantPolls(count: number, schedule: PollSchedule, requestsPerSecond: number): number {
  return pollLoad(new Array<number>(count).fill(0), schedule, requestsPerSecond, 'applicant').busiestRate;
}
