/** The constants of the order view's shape (`contract/order-view.ts`): where events come from, delivery states. */

/** Where a timeline event came from. */
export const EVENT_SOURCES = ['webhook', 'poll', 'api', 'system'] as const;

export type EventSource = (typeof EVENT_SOURCES)[number];

/** How result delivery to the LOS stands (`DeliveryStatus.state`): `stopped` after a 410, `failed` after the last attempt. */
export const DELIVERY_STATES = ['none', 'pending', 'delivered', 'failed', 'stopped'] as const;

/** Result delivery event types sent to the LOS. */
export const DELIVERY_EVENT_TYPES = [
  'order.created',
  'order.provider_changed',
  'order.action_required',
  'order.completed',
  'order.canceled',
  'order.expired',
  'order.failed',
  'order.reverified',
] as const;

export type DeliveryEventType = (typeof DELIVERY_EVENT_TYPES)[number];
