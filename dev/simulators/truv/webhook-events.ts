import { createHmac } from 'node:crypto';
import type { OutgoingWebhook } from '../kit';
import type { OrderJson, SuborderJson } from './order-json';
import { newId, timestamp } from './order-json';
import type { OrderState } from './order-state';
import type { FixtureEmployment } from './sandbox-fixtures';
import { FIXTURE_SHIFT_COUNT } from './sandbox-fixtures';

// Truv's webhooks as its docs show them: the fields of each event, and the envelope and signature they travel in.

/** One event's own fields; the envelope (`webhook_id`, timestamps) is added when it is sent. */
export type EventFields = Record<string, unknown> & { event_type: string };

/** An order's `order-created` / `order-status-updated`, for the order or one of its suborders. */
export function orderEvent(
  order: OrderJson,
  event: string,
  employer: SuborderJson | null,
  status: string,
): EventFields {
  return {
    event_type: event,
    product: employer?.product_type ?? order.products[0] ?? 'income',
    link_id: employer?.link_id ?? null,
    user_id: order.user_id,
    data_source: employer?.data_source ?? null,
    order_id: order.id,
    order_number: order.order_number,
    employer_id: employer?.id ?? null,
    status,
    template_id: order.template_id,
  };
}

/** A `task-status-updated` of the applicant's current task. */
export function taskEvent(order: OrderState, employer: SuborderJson, status: string): EventFields {
  return {
    event_type: 'task-status-updated',
    product: employer.product_type,
    link_id: order.linkId,
    user_id: order.json.user_id,
    data_source: 'payroll',
    task_id: order.taskId,
    tracking_info: employer.id,
    status,
    template_id: order.json.template_id,
  };
}

/** A link event such as `link-connected`. */
export function linkEvent(order: OrderState, employer: SuborderJson, event: string): EventFields {
  return {
    event_type: event,
    product: employer.product_type,
    link_id: order.linkId,
    user_id: order.json.user_id,
    data_source: 'payroll',
    tracking_info: employer.id,
  };
}

/** An order-wide event such as `order-finalized` or `certification-completed`. */
export function groupEvent(order: OrderJson, event: string): EventFields {
  return {
    event_type: event,
    user_id: order.user_id,
    order_id: order.id,
    order_number: order.order_number,
    template_id: order.template_id,
  };
}

/** The data events of a first (non-refresh) task, one per kind, as Truv sends them after a parse. */
export function dataEvents(order: OrderState, employer: SuborderJson, employment: FixtureEmployment): EventFields[] {
  const common = {
    link_id: order.linkId,
    user_id: order.json.user_id,
    product: employer.product_type,
    data_source: 'payroll',
    task_id: order.taskId,
  };
  const counted: [string, number][] = [
    ['statements-created', employment.statements?.length ?? 0],
    ['shifts-created', FIXTURE_SHIFT_COUNT],
    ['bank-accounts-created', employment.bank_accounts?.length ?? 0],
  ];
  return [
    { event_type: 'employment-created', ...common, tracking_info: employer.id, object_id: employment.id },
    { event_type: 'profile-created', ...common, tracking_info: employer.id, object_id: employment.profile.id },
    ...counted.map(([event, objects]) => ({
      event_type: event,
      ...common,
      employment_id: employment.id,
      tracking_info: employer.id,
      objects_count: objects,
    })),
  ];
}

/** An event in Truv's envelope, signed with the Access Secret in `X-WEBHOOK-SIGN` as Truv signs it. */
export function signedWebhook(secret: string, fields: EventFields): OutgoingWebhook {
  const now = new Date();
  const { event_type: eventType, ...rest } = fields;
  const body = JSON.stringify({
    webhook_id: newId(),
    event_type: eventType,
    event_created_at: timestamp(now),
    ...rest,
    updated_at: timestamp(now).replace(/Z$/, '+00:00'),
  });
  const signature = `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
  return { body, headers: { 'X-WEBHOOK-SIGN': signature } };
}
