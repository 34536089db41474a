import { createHmac } from 'node:crypto';

/**
 * The providers' webhook signatures the tests forge, written from the providers' documentation independently of
 * voie's own code, so a test fails if voie verifies differently from what a provider signs. (The LOS's side, Standard
 * Webhooks, is the kit's receiver.)
 */

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
