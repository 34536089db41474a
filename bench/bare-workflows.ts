/**
 * The bench's baselines: workflows that do nothing but what Temporal bills and records, so that voie's figures can be
 * set beside the engine's own on the same server. Bundled for the bench's own worker and task queue; never part of
 * voie's workflows.
 */
import {
  condition,
  defineSignal,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** How many of each command an order's history holds: a bare order of this shape makes the same commands. */
export interface BareShape {
  activities: number;
  signals: number;
  timers: number;
  upserts: number;
}

export const bareSignal = defineSignal('bareSignal');
/** A provider's webhook, as the bare HTTP ingress (`bare-ingress.ts`) signals it: its parsed body. */
export const bareWebhook = defineSignal<[unknown]>('bareWebhook');

const { bareActivity } = proxyActivities<{ bareActivity(): Promise<void> }>({ startToCloseTimeout: '30s' });
const BareStatus = defineSearchAttributeKey('VoieStatus', SearchAttributeType.KEYWORD);

/** Starts and ends: the floor of `client.workflow.start`. */
export async function bareEmpty(): Promise<void> {
  // nothing: the workflow's start is what is measured
}

/**
 * Waits for signals until `count` have come: the floor of `client.workflow.signal`, and of a webhook when they come
 * through the bare HTTP ingress.
 */
export async function bareSignaled(count: number): Promise<number> {
  let received = 0;
  setHandler(bareSignal, () => void (received += 1));
  setHandler(bareWebhook, () => void (received += 1));
  await condition(() => received >= count);
  return received;
}

/**
 * An order's shape without its logic: activities that return at once, split between the signals (sent by the bench,
 * or webhooks through the bare HTTP ingress) as an order's reads follow its webhooks, each wait for a signal under a
 * timer (as an order waits under its poll timer), the search attribute upserts along the way, and the timers left
 * over at the end.
 */
export async function bareOrder(shape: BareShape): Promise<void> {
  let received = 0;
  setHandler(bareSignal, () => void (received += 1));
  setHandler(bareWebhook, () => void (received += 1));
  const steps = shape.signals + 1;
  let activities = shape.activities;
  let timers = shape.timers;
  let upserts = shape.upserts;
  const upsert = (): void => {
    if (upserts <= 0) return;
    upserts -= 1;
    upsertSearchAttributes([{ key: BareStatus, value: `step-${upserts}` }]);
  };
  for (let step = 0; step < steps; step += 1) {
    if (step > 0) {
      if (timers > 0) {
        timers -= 1;
        await condition(() => received >= step, '1h');
      } else {
        await condition(() => received >= step);
      }
    }
    const here = Math.floor(shape.activities / steps) + (step === 0 ? shape.activities % steps : 0);
    for (let i = 0; i < here && activities > 0; i += 1, activities -= 1) await bareActivity();
    upsert();
  }
  while (upserts > 0) upsert();
  for (; timers > 0; timers -= 1) await sleep(1);
}
