/**
 * What one workflow costs in Temporal: its history events, and its billable actions counted from the history the way
 * Temporal Cloud bills them (docs/performance.md states the rule).
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { BareShape } from './bare-workflows';

const { EventType } = temporal.api.enums.v1;

/** One workflow's history, counted. */
export interface HistoryCost {
  events: number;
  actions: number;
  /** The commands a bare workflow repeats to have the same shape. */
  shape: BareShape;
}

/**
 * Billable actions in a history: the start (or continue-as-new), every signal and accepted update, every activity
 * attempt, every timer, every search-attribute upsert and memo change, every side effect or local-activity marker.
 * Queries are billed too but leave no event: each `GET` of an open order is one more action, counted apart.
 */
export function countHistory(history: temporal.api.history.v1.IHistory): HistoryCost {
  const events = history.events ?? [];
  let actions = 0;
  const shape: BareShape = { activities: 0, signals: 0, timers: 0, upserts: 0 };
  for (const event of events) {
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
      case EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED:
      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
      case EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED:
      case EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED:
        actions += 1;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
        actions += 1;
        shape.signals += 1;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        actions += 1;
        shape.activities += 1;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
        // Each retry is billed again; the started event carries the attempt that ended the activity.
        actions += Math.max(0, (event.activityTaskStartedEventAttributes?.attempt ?? 1) - 1);
        break;
      case EventType.EVENT_TYPE_TIMER_STARTED:
        actions += 1;
        shape.timers += 1;
        break;
      case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
        actions += 1;
        shape.upserts += 1;
        break;
      case EventType.EVENT_TYPE_MARKER_RECORDED: {
        // patched() markers are not billed; side effects and local activities are.
        const name = event.markerRecordedEventAttributes?.markerName ?? '';
        if (name !== 'core_patch') actions += 1;
        break;
      }
      default:
        break;
    }
  }
  return { events: events.length, actions, shape };
}

/** Every run of a workflow (continue-as-new included), counted together. */
export async function workflowCost(client: Client, workflowId: string): Promise<HistoryCost> {
  const total: HistoryCost = { events: 0, actions: 0, shape: { activities: 0, signals: 0, timers: 0, upserts: 0 } };
  for await (const execution of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    const cost = countHistory(await client.workflow.getHandle(workflowId, execution.runId).fetchHistory());
    total.events += cost.events;
    total.actions += cost.actions;
    for (const key of Object.keys(total.shape) as (keyof BareShape)[]) total.shape[key] += cost.shape[key];
  }
  return total;
}

/** The mean cost of several workflows, rounded to one decimal. */
export function meanCost(costs: readonly HistoryCost[]): HistoryCost {
  const mean = (pick: (cost: HistoryCost) => number): number =>
    Math.round((costs.reduce((sum, cost) => sum + pick(cost), 0) / costs.length) * 10) / 10;
  return {
    events: mean((c) => c.events),
    actions: mean((c) => c.actions),
    shape: {
      activities: Math.round(mean((c) => c.shape.activities)),
      signals: Math.round(mean((c) => c.shape.signals)),
      timers: Math.round(mean((c) => c.shape.timers)),
      upserts: Math.round(mean((c) => c.shape.upserts)),
    },
  };
}
