import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { isOrderId } from '../../domain';
import type { ParsedWebhook, ProviderWebhook, RefusedWebhook } from '../provider';
import { overlongField, overlongRefusal } from '../webhook-bounds';
import type { TruvEventType } from './events';
import { TRUV_EVENT_TYPES } from './events';

export type { TruvEventType } from './events';
export { TRUV_EVENT_TYPES } from './events';

/** Terminal task statuses that mean the connection attempt failed. */
export const TASK_ERROR_STATUSES = [
  'login_error',
  'mfa_error',
  'config_error',
  'account_locked',
  'unable_to_reset',
  'no_data',
  'unavailable',
  'error',
  'not_supported',
];

/** voie's own order ids, which travel as Truv's `order_number`. */

// Ids and numbers have been seen as strings; a number where a string was expected is read, not rejected.
const text = z
  .union([z.string(), z.number()])
  .transform((value) => String(value))
  .nullish();
const count = z.union([z.number(), z.string()]).transform(Number).nullish();

/**
 * One schema for every event: the fields each event type carries are a subset of these, unknown fields pass
 * through, and anything but the event type may be missing or null.
 */
const webhookSchema = z.looseObject({
  webhook_id: text,
  event_type: z.enum(TRUV_EVENT_TYPES),
  event_created_at: text,
  updated_at: text,
  user_id: text,
  template_id: text,
  order_id: text,
  order_number: text,
  employer_id: text,
  product: text,
  data_source: text,
  status: text,
  task_id: text,
  link_id: text,
  tracking_info: text,
  object_id: text,
  employment_id: text,
  objects_count: count,
  // The prose of Truv's events page says `object_count`; the payloads say `objects_count`.
  object_count: count,
});

type TruvWebhookBody = z.infer<typeof webhookSchema>;

/** Every field voie reads from a Truv webhook (the schema's): none may be over the bound. */
const READ_FIELDS = Object.keys(webhookSchema.shape);

/** What the data events count, for the timeline (`24 statements`). */
const COUNTED: Partial<Record<TruvEventType, string>> = {
  'statements-created': 'statements',
  'statements-updated': 'statements',
  'shifts-created': 'shifts',
  'shifts-updated': 'shifts',
  'bank-accounts-created': 'bank accounts',
  'bank-accounts-updated': 'bank accounts',
};

/** Authenticates Truv's `X-WEBHOOK-SIGN` and reduces an event to a hint. */
export class TruvWebhook implements ProviderWebhook {
  /** @param secrets Every Access Secret that may sign (two may be active while a key is rotated). */
  constructor(private readonly secrets: readonly string[]) {}

  verify(rawBody: Buffer, headers: IncomingHttpHeaders): boolean {
    const header = headers['x-webhook-sign'];
    if (typeof header !== 'string' || header.length === 0) return false;
    const given = Buffer.from(header.trim().toLowerCase());
    // Check every secret so the time taken does not tell which one matched.
    return this.secrets
      .map((secret) => {
        const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(rawBody).digest('hex')}`);
        return expected.length === given.length && timingSafeEqual(expected, given);
      })
      .includes(true);
  }

  parse(rawBody: Buffer): ParsedWebhook | RefusedWebhook | null {
    let json: unknown;
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return null;
    }
    const overlong = overlongField(json, READ_FIELDS);
    if (overlong) return overlongRefusal(overlong);
    const parsed = webhookSchema.safeParse(json);
    if (!parsed.success) return null;
    const body = parsed.data;
    const status = body.status ?? undefined;
    const detail = detailOf(body);
    // Task events may lack user_id; their link, or the suborder they track (`tracking_info`, or `employer_id` on an
    // employer's `order-status-updated`), was recorded on the order too.
    const correlationIds = [body.user_id, body.link_id, body.tracking_info, body.employer_id].filter(
      (id): id is string => !!id,
    );
    return {
      target: {
        ...(body.order_number && isOrderId(body.order_number) ? { orderId: body.order_number } : {}),
        ...(body.order_id ? { providerOrderId: body.order_id } : {}),
        ...(correlationIds.length ? { correlationIds } : {}),
      },
      hint: {
        id: body.webhook_id ?? fallbackId(body),
        type: body.event_type,
        ...(status ? { statedStatus: status } : {}),
        ...(detail ? { detail } : {}),
        refresh: worthRereading(body),
        // Invites out: the applicant is expected to act, as the order read would say.
        ...(body.event_type === 'order-status-updated' && status?.toLowerCase() === 'sent'
          ? { progress: 'processing' as const }
          : {}),
      },
    };
  }
}

/** Suborder statuses on the way to an end (the invite is out): nothing follows from them but the timeline. */
const PROGRESS_STATUSES = ['pending', 'sent'];

/**
 * Order events that can change what voie decides (an employer resolved, the order finalized or certified) are worth a
 * read of the order. `order-created` and an order or suborder on its way (`pending`, `sent`) are not: the create's
 * answer already showed the order. Task and link events and the data events only show progress: the order read does
 * not show tasks, and the suborder's own `order-status-updated` says when its connection completed or failed.
 */
function worthRereading(body: TruvWebhookBody): boolean {
  if (body.event_type === 'order-created') return false;
  if (body.event_type === 'order-status-updated') return !PROGRESS_STATUSES.includes(body.status?.toLowerCase() ?? '');
  return body.event_type.startsWith('order-') || body.event_type === 'certification-completed';
}

function detailOf(body: TruvWebhookBody): string | undefined {
  if (body.event_type === 'task-status-updated') {
    return body.status && TASK_ERROR_STATUSES.includes(body.status) ? `task ${body.status}` : undefined;
  }
  const counted = COUNTED[body.event_type];
  const objects = body.objects_count ?? body.object_count;
  return counted && objects != null && Number.isFinite(objects) ? `${objects} ${counted}` : undefined;
}

/** `webhook_id` is documented on every event; should one lack it, duplicates are the same event, ids, status and time. */
function fallbackId(body: TruvWebhookBody): string {
  return [
    body.event_type,
    body.order_id,
    body.employer_id,
    body.task_id,
    body.link_id,
    body.status,
    body.updated_at ?? body.event_created_at,
  ]
    .filter(Boolean)
    .join('|');
}
