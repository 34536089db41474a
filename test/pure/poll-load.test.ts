import { pollLoad } from '../../bench/poll-load';

const MINUTE = 60_000;
const schedule = { firstMs: 15 * MINUTE, maxMs: 6 * 60 * MINUTE };

describe("the bench's poll load, computed from voie's polling schedule", () => {
  it('orders silent since the same instant are all due after the first interval, and served one after another', () => {
    const load = pollLoad(
      Array.from({ length: 90 }, () => 0),
      schedule,
      10,
    );
    // 90 polls due at 15 min, then 90 at 45 min, …: one round per window.
    expect(load.busiestRate).toBeCloseTo(90 / 900);
    // The 90th waits for the 89 before it, at 10 per second.
    expect(load.worstLatenessMs).toBeCloseTo(8_900);
    expect(load.backedOffRate).toBeCloseTo(90 / 21_600);
  });

  it('orders created at the provider’s pace are polled at that pace, and no poll waits', () => {
    // 10,000 orders, one every 100 ms: their polls come due 100 ms apart, round after round.
    const load = pollLoad(
      Array.from({ length: 10_000 }, (_, index) => index * 100),
      schedule,
      10,
    );
    expect(load.busiestRate).toBeCloseTo(10, 1);
    expect(load.worstLatenessMs).toBeLessThan(1);
  });

  it("spreads orders waiting on their applicants over the longest interval: 100,000 at once stay under half Truv's limit", () => {
    const load = pollLoad(
      Array.from({ length: 100_000 }, () => 0),
      schedule,
      10,
      'applicant',
    );
    // Each polls once per 6 h, at a phase of its own: about 100,000 / 6 h (4.6/s), never a burst.
    expect(load.busiestRate).toBeLessThanOrEqual(5);
    expect(load.busiestRate).toBeGreaterThan(4.5);
    expect(load.worstLatenessMs).toBeLessThan(1_000);
  });
});
