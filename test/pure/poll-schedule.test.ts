import { evenSequence } from '../../bench/poll-load';
import { awaitsApplicant, pollWaitMs, POLL_JITTER } from '../../workflows/poll-schedule';
import { orderAtStart } from '../../workflows/reverification-plan';
import type { OrderState } from '../../workflows/state';
import { orderStart } from '../support/order-state';

const MINUTE = 60_000;
const FIRST = 15 * MINUTE;
const LONGEST = 6 * 60 * MINUTE;
const NOW = Date.parse('2026-12-06T12:00:00Z');

function state(overrides: Partial<OrderState> = {}): OrderState {
  const start = orderStart({ policy: { pollIntervalMs: FIRST, pollIntervalMaxMs: LONGEST } });
  return { ...orderAtStart(start), status: 'processing', ...overrides };
}

/** A deterministic stand-in for the workflow's `Math.random`, cycling through `values`. */
function randoms(...values: number[]): () => number {
  let next = 0;
  return () => values[next++ % values.length]!;
}

describe('the poll schedule', () => {
  it('waits the back-off while the provider works, shortened by at most a quarter at random', () => {
    const working = state({ pollDelayMs: 4 * FIRST });
    expect(pollWaitMs(working, NOW, randoms(0))).toBe(4 * FIRST);
    expect(pollWaitMs(working, NOW, randoms(1))).toBe(Math.round(4 * FIRST * (1 - POLL_JITTER)));
    expect(working.applicantPollAt).toBeNull();
  });

  it('spreads the first polls of a burst of working orders over the last quarter of the first interval', () => {
    const waits = Array.from({ length: 1000 }, (_, index) => pollWaitMs(state(), NOW, randoms(index / 1000)));
    expect(Math.min(...waits)).toBeGreaterThan(FIRST * (1 - POLL_JITTER) - 1);
    expect(Math.max(...waits)).toBe(FIRST);
    // No minute of the spread holds more than a fair share (1000 polls over 3.75 minutes: about 267 a minute).
    const perMinute = new Map<number, number>();
    for (const wait of waits)
      perMinute.set(Math.floor(wait / MINUTE), (perMinute.get(Math.floor(wait / MINUTE)) ?? 0) + 1);
    expect(Math.max(...perMinute.values())).toBeLessThanOrEqual(270);
  });

  it('knows an order waiting on its applicant: action_required, or every open provider order read waiting on them', () => {
    const read = (awaitingApplicant: boolean, providerOrderId: string | null = 'P1') => ({
      ...state().providerOrders[0]!,
      providerOrderId,
      awaitingApplicant,
    });
    expect(awaitsApplicant(state({ status: 'action_required' }))).toBe(true);
    expect(awaitsApplicant(state({ status: 'processing', providerOrders: [read(true)] }))).toBe(true);
    expect(awaitsApplicant(state({ status: 'pending', providerOrders: [read(true), read(false, 'P2')] }))).toBe(false);
    expect(awaitsApplicant(state({ status: 'processing', providerOrders: [read(false)] }))).toBe(false);
    // Not yet created at the provider: the create's answer comes first.
    expect(awaitsApplicant(state({ status: 'creating', providerOrders: [read(true, null)] }))).toBe(false);
    expect(awaitsApplicant(state({ status: 'completed', providerOrders: [read(true)] }))).toBe(false);
  });

  it('polls an order waiting on its applicant once per longest interval, on a grid of its own', () => {
    const waiting = state({ status: 'action_required' });
    const first = pollWaitMs(waiting, NOW, randoms(0.5));
    expect(first).toBe(LONGEST / 2);
    // A webhook that changes nothing wakes the follower; its next wait ends where the last one would have.
    expect(pollWaitMs(waiting, NOW + 10 * MINUTE, randoms(0.9))).toBe(first - 10 * MINUTE);
    // Polled on time, the next poll is one longest interval later; polled late (a worker was away), the next grid
    // point: never more than the longest interval away.
    expect(pollWaitMs(waiting, NOW + first, randoms(0.9))).toBe(LONGEST);
    expect(pollWaitMs(waiting, NOW + first + LONGEST + 7 * MINUTE, randoms(0.9))).toBe(LONGEST - 7 * MINUTE);
  });

  it('spreads any number of waiting orders evenly: the busiest quarter hour stays near the average', () => {
    const count = 100_000;
    // Orders that all started waiting at once, the worst burst: each has its own phase.
    const uniform = evenSequence();
    const quarterHours = new Map<number, number>();
    for (let index = 0; index < count; index++) {
      const order = state({ status: 'action_required' });
      // Three polls each: the first in its grid, and two more one longest interval apart.
      let at = NOW;
      for (let poll = 0; poll < 3; poll++) {
        at += pollWaitMs(order, at, uniform);
        const window = Math.floor((at - NOW) / FIRST);
        quarterHours.set(window, (quarterHours.get(window) ?? 0) + 1);
      }
    }
    const busiestPerSecond = Math.max(...quarterHours.values()) / (FIRST / 1000);
    const averagePerSecond = count / (LONGEST / 1000);
    expect(averagePerSecond).toBeCloseTo(4.63, 2);
    // Half of a provider's published 10 requests per second, the budget polls may use.
    expect(busiestPerSecond).toBeLessThanOrEqual(5);
  });
});
