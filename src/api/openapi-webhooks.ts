import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { DELIVERY_EVENT_TYPES, type DeliveryEventType } from '../domain';

/** When voie sends each result event to the order's `callback_url`, and what `data` carries besides the order. */
const WHEN: Record<DeliveryEventType, string> = {
  'order.created': 'once the provider order exists (with applicant_action.share_url where the applicant must act)',
  'order.provider_changed': "at each move of a waterfall to its next provider, with the new step's provider",
  'order.action_required': 'when the order needs the applicant or the lender to act and is not canceled by policy',
  'order.completed': 'when the order ends verified; data.report carries the report of every verified employer',
  'order.canceled': 'when the order ends canceled (by the LOS, by policy or by the provider)',
  'order.expired': 'when the order ends at its deadline',
  'order.failed': 'when the order ends otherwise; order.result.error.reason says why',
  'order.reverified': 'when a re-verification before closing ends; data.reverification is its result and report',
};

/** The Standard Webhooks headers of every delivery: sign `webhook-id.webhook-timestamp.body` to check them. */
const standardWebhooksHeaders = z.strictObject({
  'webhook-id': z
    .string()
    .meta({ description: 'The same on every retry and redelivery of one event: the LOS drops an id it has seen' }),
  'webhook-timestamp': z
    .string()
    .regex(/^[0-9]+$/)
    .meta({ description: 'Seconds since the epoch when this attempt was signed; refuse one too old' }),
  'webhook-signature': z.string().meta({
    description:
      'Space-separated v1,<base64 HMAC-SHA256 of id.timestamp.body> keyed by VOIE_CALLBACK_SECRET (one per secret ' +
      'while a secret rotates)',
  }),
});

/**
 * The result events voie POSTs to an order's `callback_url`, one webhook each, signed per Standard Webhooks. The body
 * is a `DeliveryEvent` of that `type`. A 2xx ends the event's delivery; `410` stops every later delivery of the order;
 * anything else (or no answer in time) is retried with backoff for at least 24 hours.
 */
export function deliveryWebhooks(): ZodOpenApiPathsObject {
  return Object.fromEntries(
    DELIVERY_EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          operationId: `${camel(type)}Event`,
          tags: ['webhooks'],
          summary: `${type}: sent ${WHEN[type]}`,
          requestParams: { header: standardWebhooksHeaders },
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  allOf: [
                    { $ref: '#/components/schemas/DeliveryEvent' },
                    { type: 'object', properties: { type: { const: type } }, required: ['type'] },
                  ],
                },
              },
            },
          },
          responses: {
            '2XX': { description: 'received: the delivery of this event ends' },
            '410': { description: "gone: voie stops delivering this order's events" },
            default: { description: 'retried with backoff for at least 24 hours, under the same webhook-id' },
          },
        },
      },
    ]),
  );
}

/** `order.provider_changed` as `orderProviderChanged`, an operation id. */
const camel = (type: string) => type.replace(/[._]([a-z])/g, (_match, letter: string) => letter.toUpperCase());
