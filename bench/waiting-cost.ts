/**
 * What an order costs while it waits, per day, counted from its history: a waiting order repeats one cycle (it is
 * woken, does what waking asks, and starts the timer it waits on next), so the billable actions of its last cycle
 * over the length of the timer that ends it are its actions per day of waiting. docs/performance.md states the rule.
 */
import { temporal } from '@temporalio/proto';
import { countHistory } from './history-cost';

const { EventType } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** What woke the order at the start of its last cycle: a timer (a poll coming due) or a message (signal, update). */
export type Wake = 'timer' | 'message';

/** The last cycle of a waiting order. */
export interface WaitingCycle {
  wake: Wake;
  /** Billable actions from the wake through the start of the timer it now waits on (`countHistory`'s rule). */
  actions: number;
  /** How long that timer runs, in days: the cycle's length. */
  days: number;
  /** The cycle's history events, from the wake through the timer's start. */
  events: number;
  /** Their encoded size in bytes (protobuf, payloads as stored: encrypted): what the cycle adds to the history. */
  bytes: number;
}

const MS_PER_DAY = 86_400_000;

const WAKES: ReadonlyMap<number, Wake> = new Map([
  [EventType.EVENT_TYPE_TIMER_FIRED, 'timer'],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, 'message'],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, 'message'],
]);

/** The timer's id of a timer event, of whichever kind. */
function timerId(event: HistoryEvent): string | undefined {
  return (
    event.timerStartedEventAttributes?.timerId ??
    event.timerFiredEventAttributes?.timerId ??
    event.timerCanceledEventAttributes?.timerId ??
    undefined
  );
}

/** The index of the last event before `before` that `matches`, or -1 (ES2022 has no `findLastIndex`). */
function lastIndex(events: readonly HistoryEvent[], before: number, matches: (event: HistoryEvent) => boolean): number {
  for (let index = before - 1; index >= 0; index -= 1) if (matches(events[index]!)) return index;
  return -1;
}

/**
 * The last cycle of a history that waits on a timer: from the latest wake before that timer started through its
 * start. Undefined when the workflow waits on no timer (it waits for a message only, or has ended) or was never woken.
 */
export function waitingCycle(history: temporal.api.history.v1.IHistory): WaitingCycle | undefined {
  const events = history.events ?? [];
  const ended = new Set(
    events
      .filter(
        (event) =>
          event.eventType === EventType.EVENT_TYPE_TIMER_FIRED ||
          event.eventType === EventType.EVENT_TYPE_TIMER_CANCELED,
      )
      .map(timerId),
  );
  const waitsOn = lastIndex(
    events,
    events.length,
    (event) => event.eventType === EventType.EVENT_TYPE_TIMER_STARTED && !ended.has(timerId(event)),
  );
  if (waitsOn < 0) return undefined;
  const woken = lastIndex(events, waitsOn, (event) => WAKES.has(event.eventType ?? 0));
  if (woken < 0) return undefined;
  const timeout = events[waitsOn]!.timerStartedEventAttributes?.startToFireTimeout;
  const ms = Number(timeout?.seconds ?? 0) * 1000 + (timeout?.nanos ?? 0) / 1e6;
  const cycle = events.slice(woken, waitsOn + 1);
  return {
    wake: WAKES.get(events[woken]!.eventType!)!,
    actions: countHistory({ events: cycle }).actions,
    days: ms / MS_PER_DAY,
    events: cycle.length,
    bytes: cycle.reduce((sum, event) => sum + temporal.api.history.v1.HistoryEvent.encode(event).finish().length, 0),
  };
}

/** History bytes added per day of waiting over several cycles: their bytes over their days, summed. */
export function historyBytesPerDay(cycles: readonly WaitingCycle[]): number {
  const days = cycles.reduce((sum, cycle) => sum + cycle.days, 0);
  return days > 0 ? cycles.reduce((sum, cycle) => sum + cycle.bytes, 0) / days : NaN;
}

/** Billable actions per day of waiting over several cycles: their actions over their days, summed. */
export function actionsPerDay(cycles: readonly WaitingCycle[]): number {
  const days = cycles.reduce((sum, cycle) => sum + cycle.days, 0);
  return days > 0 ? cycles.reduce((sum, cycle) => sum + cycle.actions, 0) / days : NaN;
}
