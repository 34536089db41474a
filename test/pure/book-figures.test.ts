import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { planBook } from '../../bench/book-plan';
import { countPolls } from '../../bench/book-polls';
import { actionsPerDay, historyBytesPerDay, waitingCycle } from '../../bench/waiting-cost';

const { EventType } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const task = (): HistoryEvent[] => [
  { eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED },
  { eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED },
  { eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED },
];
const timerStarted = (timerId: string, seconds: number): HistoryEvent => ({
  eventType: EventType.EVENT_TYPE_TIMER_STARTED,
  timerStartedEventAttributes: { timerId, startToFireTimeout: msToTs(seconds * 1000) },
});
const timerFired = (timerId: string): HistoryEvent => ({
  eventType: EventType.EVENT_TYPE_TIMER_FIRED,
  timerFiredEventAttributes: { timerId },
});

describe('waitingCycle', () => {
  it('counts a poll: the timer that fired, the read, the next timer over its length', () => {
    const events: HistoryEvent[] = [
      { eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED },
      ...task(),
      timerStarted('1', 3_600),
      timerFired('1'),
      ...task(),
      { eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED },
      { eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, activityTaskStartedEventAttributes: { attempt: 1 } },
      { eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED },
      ...task(),
      timerStarted('2', 21_600),
    ];
    const cycle = waitingCycle({ events });
    expect(cycle).toMatchObject({ wake: 'timer', actions: 2, days: 0.25, events: 11 });
    expect(actionsPerDay([cycle!])).toBe(8);
    // What the cycle adds to the history, as stored: the events from the fired timer through the next one's start.
    const bytes = events
      .slice(5)
      .reduce((sum, event) => sum + temporal.api.history.v1.HistoryEvent.encode(event).finish().length, 0);
    expect(cycle!.bytes).toBe(bytes);
    expect(historyBytesPerDay([cycle!])).toBe(bytes * 4);
  });

  it('starts a cycle at the message that moved the wait, the canceled timer left behind', () => {
    const events: HistoryEvent[] = [
      { eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED },
      ...task(),
      timerStarted('1', 86_400 * 120),
      { eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED },
      ...task(),
      { eventType: EventType.EVENT_TYPE_TIMER_CANCELED, timerCanceledEventAttributes: { timerId: '1' } },
      { eventType: EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES },
      timerStarted('2', 86_400 * 30),
    ];
    expect(waitingCycle({ events })).toMatchObject({ wake: 'message', actions: 3, days: 30, events: 7 });
  });

  it('finds no cycle in a workflow that waits on no timer', () => {
    const events: HistoryEvent[] = [
      { eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED },
      timerStarted('1', 60),
      timerFired('1'),
    ];
    expect(waitingCycle({ events })).toBeUndefined();
    expect(actionsPerDay([])).toBeNaN();
  });
});

describe('countPolls', () => {
  it('finds the busiest window within the quiet spans only, a short span over its own length', () => {
    const reads = [0, 1_000, 2_000, 5_000, 100_000, 100_500];
    const log = { readsBetween: (from: number, to: number) => reads.filter((at) => at >= from && at < to) };
    const counted = countPolls(
      log,
      [
        { from: 0, to: 10_000 },
        { from: 100_000, to: 101_000 },
      ],
      900_000,
    );
    expect(counted).toEqual({ polls: 6, observedS: 11, busiestRate: 2 });
  });
});

describe('planBook', () => {
  it('plans loans of one to three orders, the share of them waiting on applicants, both kinds of every size', () => {
    const loans = planBook(600, 0.5);
    expect(loans.reduce((sum, loan) => sum + loan.size, 0)).toBe(600);
    const orders = (kind: string): number =>
      loans.filter((loan) => loan.kind === kind).reduce((sum, loan) => sum + loan.size, 0);
    expect(orders('applicant')).toBe(300);
    for (const kind of ['applicant', 'reverification']) {
      expect(new Set(loans.filter((loan) => loan.kind === kind).map((loan) => loan.size))).toEqual(new Set([1, 2, 3]));
    }
    expect(loans.every((loan) => (loan.kind === 'reverification') === (loan.closingDate !== undefined))).toBe(true);
  });
});
