/** Every Truv event voie accepts: the 17 a subscription can name, plus the two newer order-group events. */
export const TRUV_EVENT_TYPES = [
  'order-created',
  'order-status-updated',
  'order-refresh-failed',
  'order-finalized',
  'certification-completed',
  'task-status-updated',
  'link-connected',
  'link-disconnected',
  'link-deleted',
  'employment-created',
  'employment-updated',
  'profile-created',
  'profile-updated',
  'statements-created',
  'statements-updated',
  'shifts-created',
  'shifts-updated',
  'bank-accounts-created',
  'bank-accounts-updated',
] as const;

/** One of {@link TRUV_EVENT_TYPES}. */
export type TruvEventType = (typeof TRUV_EVENT_TYPES)[number];

/** The order-group events Truv sends without a subscription naming them: `POST /v1/webhooks/` rejects them. */
const UNSUBSCRIBABLE_EVENTS = ['order-finalized', 'certification-completed'] as const;

/** An event a webhook subscription can name. */
export type TruvSubscribableEvent = Exclude<TruvEventType, (typeof UNSUBSCRIBABLE_EVENTS)[number]>;

/** Whether a subscription can name `value`. */
export function isSubscribableEvent(value: unknown): value is TruvSubscribableEvent {
  return (
    (TRUV_EVENT_TYPES as readonly unknown[]).includes(value) &&
    !(UNSUBSCRIBABLE_EVENTS as readonly unknown[]).includes(value)
  );
}

/** The events `POST /v1/webhooks/` accepts (seed 004): every event type but the two order-group ones. */
export const SUBSCRIBABLE_EVENTS: readonly TruvSubscribableEvent[] = TRUV_EVENT_TYPES.filter(isSubscribableEvent);
