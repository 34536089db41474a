import type { TruvEnvType, TruvWebhookChanges, TruvWebhookSubscription } from './schemas';
import type { TruvWebhookApi } from './client';
import { SUBSCRIBABLE_EVENTS } from './events';

/**
 * The events voie subscribes to: every one `POST /v1/webhooks/` accepts (seed 004). `order-finalized` and
 * `certification-completed` are not in that enum; voie parses them should Truv send them anyway.
 */
export const SUBSCRIBED_EVENTS = SUBSCRIBABLE_EVENTS;

/** The name voie's subscription gets. */
export const SUBSCRIPTION_NAME = 'voie';

/** What {@link registerWebhooks} did. */
export interface RegisterResult {
  action: 'created' | 'updated' | 'unchanged';
  /** Truv's id of the subscription. */
  id: string;
  envType: TruvEnvType;
}

/**
 * Makes sure Truv sends every event voie consumes to `url`, in the environment of the client's secret. Idempotent:
 * the subscription for that URL and environment is created once, then only patched when its events (or its
 * `enabled` flag, which Truv clears on an endpoint that keeps failing) are not what voie needs.
 */
export async function registerWebhooks(client: { webhooks: TruvWebhookApi }, url: string): Promise<RegisterResult> {
  const api = client.webhooks;
  const envType = api.envType;
  const existing = (await api.listWebhooks()).find(
    (subscription) => subscription.webhook_url === url && subscription.env_type === envType,
  );
  const events = [...SUBSCRIBED_EVENTS];
  if (!existing) {
    const created = await api.createWebhook({ name: SUBSCRIPTION_NAME, webhook_url: url, env_type: envType, events });
    return { action: 'created', id: created.id, envType };
  }
  const changes: TruvWebhookChanges = {};
  if (!sameEvents(existing, events)) changes.events = events;
  if (existing.enabled === false) changes.enabled = true;
  if (Object.keys(changes).length === 0) return { action: 'unchanged', id: existing.id, envType };
  await api.updateWebhook(existing.id, changes);
  return { action: 'updated', id: existing.id, envType };
}

function sameEvents(subscription: TruvWebhookSubscription, events: readonly string[]): boolean {
  const current = new Set(subscription.events ?? []);
  return current.size === events.length && events.every((event) => current.has(event));
}
