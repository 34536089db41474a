import { createHmac } from 'node:crypto';
import type { ReceivedDelivery } from './receiver';

/**
 * The signatures the tests check or forge, written from the specifications independently of voie's own code, so a
 * test fails if voie signs or verifies differently from what a LOS or a provider does.
 */

/** A Standard Webhooks signature, `v1,<base64 HMAC-SHA256 of id.timestamp.body>` keyed by a `whsec_` secret. */
export function standardWebhookSignature(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** Verifies a result delivery the way a LOS would: one of the `webhook-signature` entries must match. */
export function deliverySignatureIsValid(delivery: ReceivedDelivery, secret: string): boolean {
  const expected = standardWebhookSignature(
    secret,
    String(delivery.headers['webhook-id']),
    String(delivery.headers['webhook-timestamp']),
    delivery.rawBody,
  );
  return String(delivery.headers['webhook-signature']).split(' ').includes(expected);
}

/** Truv's `X-WEBHOOK-SIGN`: `v1=` and the hex HMAC-SHA256 of the raw body keyed by the client secret. */
export function truvSignature(rawBody: string | Buffer, secret: string): string {
  return `v1=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Headers of a Truv webhook POST to voie, signed with `secret`; no API key (webhooks carry none). */
export function truvWebhookHeaders(rawBody: string, secret: string): Record<string, string> {
  return { authorization: '', 'content-type': 'application/json', 'x-webhook-sign': truvSignature(rawBody, secret) };
}

/** Headers of a Truework webhook POST to voie: its token, or none at all when `token` is null. */
export function trueworkWebhookHeaders(token: string | null): Record<string, string> {
  return token === null ? { authorization: '' } : { authorization: '', 'x-truework-token': token };
}
