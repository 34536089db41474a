import { runBook, type BookRun } from '../../bench/book';
import { actionsPerDay } from '../../bench/waiting-cost';

/**
 * The bench's `book` phase (`BENCH_PHASES=book npm run bench`) kept runnable: a book of 200 orders on the cluster,
 * measured at 100 and at 200. Polls come every 2 minutes at most here, so that a run of a few minutes sees some.
 * What is asserted is what a reader of the bench's table relies on, never how fast anything was.
 */
describe('the book bench phase', () => {
  let run: BookRun;

  beforeAll(async () => {
    run = await runBook({
      openOrders: 200,
      baselineOrders: 100,
      applicantShare: 0.5,
      gets: 50,
      placements: 20,
      historySample: 10,
      fillConcurrency: 16,
      settleMs: 30_000,
      voie: 'sources',
      env: { VOIE_POLL_INTERVAL: '1m', VOIE_POLL_INTERVAL_MAX: '2m' },
    });
  }, 900_000);

  it('fills the book to its sizes, half waiting on applicants, half for re-verifications', () => {
    expect([run.baseline.open, run.full.open]).toEqual([100, 200]);
    expect(run.fills.map((fill) => fill.orders)).toEqual([100, 80]);
    // Every order read waits: a Truv order for its applicant (pending, processing once Truv has sent the invite), a
    // Truework order completed for its re-verification.
    for (const figures of [run.baseline, run.full]) {
      expect(Object.keys(figures.seen.waiting).filter((state) => !['pending', 'processing'].includes(state))).toEqual(
        [],
      );
      expect(Object.keys(figures.seen.ended)).toEqual(['completed/scheduled']);
    }
  });

  it('measures memory, reads, placements and the database at both sizes', () => {
    for (const figures of [run.baseline, run.full]) {
      expect(figures.workerRssMiB).toBeGreaterThan(0);
      expect(figures.apiRssMiB).toBeGreaterThan(0);
      expect([figures.waitingGets, figures.endedGets, figures.loanGets].map((batch) => batch.latencies.length)).toEqual(
        [50, 50, 50],
      );
      expect(figures.placement.latencies).toHaveLength(20);
      expect(figures.placementCpu.busyShare).toBeGreaterThan(0);
      expect(figures.placementCpu.busyShare).toBeLessThanOrEqual(1);
      expect(figures.placementCpu.workerMsPerOrder).toBeGreaterThan(0);
      expect(figures.placementCpu.apiMsPerOrder).toBeGreaterThan(0);
      expect(figures.placementCpu.machineMsPerOrder).toBeGreaterThan(figures.placementCpu.workerMsPerOrder);
      expect(figures.postgresBytes).toBeGreaterThan(0);
      expect(Math.min(...figures.events.waiting, ...figures.events.ended)).toBeGreaterThan(0);
    }
    expect(run.full.postgresBytes).toBeGreaterThan(run.baseline.postgresBytes);
  });

  it('counts what waiting costs per day from the histories', () => {
    // An ended order waits on one timer until its re-verification is due, weeks ahead.
    expect(run.full.cycles.ended.length).toBeGreaterThan(0);
    expect(actionsPerDay(run.full.cycles.ended)).toBeGreaterThan(0);
    // A waiting order's cycle is a poll: its timer, its read (some actions, over at most the longest interval).
    for (const cycle of run.full.cycles.waiting) {
      expect(cycle.actions).toBeGreaterThan(0);
      expect(cycle.days).toBeLessThanOrEqual(2 / (24 * 60));
    }
  });

  it('counts the polls at the simulators and puts every figure in the table', () => {
    expect(run.polls.truv.polls).toBeGreaterThanOrEqual(0);
    // Completed orders never poll.
    expect(run.polls.truework.polls).toBe(0);
    const figures = run.rows.map((row) => row.figure);
    expect(figures).toEqual(expect.arrayContaining([expect.stringMatching(/^worker RSS \(MiB\), 200 open$/)]));
    expect(run.rows.filter((row) => row.figure.startsWith('time: ')).length).toBeGreaterThan(0);
  });
});
