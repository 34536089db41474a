import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { safeEqual } from '../constant-time';
import type { ParsedWebhook, ProviderWebhook, RefusedWebhook } from '../provider';
import { overlongField, overlongRefusal } from '../webhook-bounds';
import { normalizeState } from './normalize';

/** Both Truework events; every envelope field but the event and the order id is optional (older versions omit them). */
const webhookSchema = z.object({
  version: z.string().optional(),
  hook: z.looseObject({
    event: z.string(),
    id: z.union([z.number(), z.string()]).optional(),
    triggered_at: z.string().optional(),
  }),
  data: z.looseObject({
    order_id: z.string().min(1),
    verification_request_id: z.string().optional().nullable(),
    state: z.string().optional().nullable(),
    metadata: z.record(z.string(), z.unknown()).optional().nullable(),
  }),
});

const EVENTS = ['order.completed', 'verification_request.state.change'];

/** Every field voie reads from a Truework webhook: none may be over the bound. */
const READ_FIELDS = [
  'hook.event',
  'hook.id',
  'hook.triggered_at',
  'data.order_id',
  'data.verification_request_id',
  'data.state',
  'data.metadata.voie_order_id',
];

/**
 * States a verification request passes through on its own: nothing follows from them but progress on the timeline,
 * so they are not worth a read of the order (each read is one of the account's 10 requests a second).
 */
const PROGRESS_STATES = ['pending-approval', 'processing'];

export class TrueworkWebhook implements ProviderWebhook {
  constructor(private readonly tokens: readonly string[]) {}

  verify(_rawBody: Buffer, headers: IncomingHttpHeaders): boolean {
    const token = headers['x-truework-token'];
    if (typeof token !== 'string' || token.length === 0) return false;
    // Check every token so the time taken does not tell which one matched.
    return this.tokens.map((expected) => safeEqual(token, expected)).includes(true);
  }

  parse(rawBody: Buffer): ParsedWebhook | RefusedWebhook | null {
    const json: unknown = JSON.parse(rawBody.toString('utf8'));
    const overlong = overlongField(json, READ_FIELDS);
    if (overlong) return overlongRefusal(overlong);
    const parsed = webhookSchema.safeParse(json);
    if (!parsed.success || !EVENTS.includes(parsed.data.hook.event)) return null;
    const { hook, data } = parsed.data;
    const state = data.state ? normalizeState(data.state) : undefined;
    const orderId = data.metadata?.voie_order_id;
    return {
      target: { providerOrderId: data.order_id, ...(typeof orderId === 'string' ? { orderId } : {}) },
      hint: {
        // Truework events carry no id of their own: duplicates are the same event, order, request, state and time.
        id: [hook.event, data.order_id, data.verification_request_id, state, hook.triggered_at]
          .filter(Boolean)
          .join('|'),
        type: hook.event,
        ...(state ? { statedStatus: state } : {}),
        // An end, action-required, a state voie does not know, or `order.completed` (no state) can change a decision.
        refresh: !state || !PROGRESS_STATES.includes(state),
        ...(state === 'processing' ? { progress: 'processing' as const } : {}),
      },
    };
  }
}
