import { Webhook } from 'standardwebhooks';

/**
 * A `whsec_` secret: the prefix, then canonical base64 (padded), which the Standard Webhooks library decodes strictly
 * at each signature; a secret it would refuse must stop start-up, not every delivery.
 */
export const CALLBACK_SECRET_PATTERN = /^whsec_(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The shortest HMAC key a callback secret may carry: below it, an LOS's signatures are too easy to forge. */
export const MIN_CALLBACK_KEY_BYTES = 24;

/** The length of a `whsec_` secret's HMAC key: the part after `whsec_`, base64-decoded. */
export function callbackKeyBytes(secret: string): number {
  return Buffer.from(secret.replace(/^whsec_/, ''), 'base64').length;
}

/** The secrets that sign result deliveries, each tenant's own and the one the others share. */
export interface CallbackSecrets {
  /** `VOIE_CALLBACK_SECRET`: signs for every tenant without secrets of its own. */
  fallback: string;
  /** `VOIE_CALLBACK_SECRETS`: each listed tenant's secrets, in the order given (the first signs first). */
  tenants: Readonly<Record<string, readonly string[]>>;
}

/** The secrets that sign a delivery of `tenant`'s order: its own when it has some, else the fallback. */
export function secretsOfTenant(secrets: CallbackSecrets, tenant: string): readonly string[] {
  // `hasOwn`: a tenant named `constructor` must not find Object's.
  const own = Object.hasOwn(secrets.tenants, tenant) ? secrets.tenants[tenant] : undefined;
  return own?.length ? own : [secrets.fallback];
}

/**
 * Signs `id.timestamp.body` as Standard Webhooks `v1`, keyed by the `whsec_…` secret, with the standard's reference
 * library: the one an LOS verifies with.
 */
export function signDelivery(secret: string, webhookId: string, timestampSeconds: number, body: string): string {
  return new Webhook(secret).sign(webhookId, new Date(timestampSeconds * 1000), body);
}

/**
 * The `webhook-signature` of a delivery: one `v1,` signature per secret, space-separated. During a rotation the LOS
 * holds either secret, and a Standard Webhooks verifier accepts the header when any one of them matches.
 */
export function signDeliveryWithEach(
  secrets: readonly string[],
  webhookId: string,
  timestampSeconds: number,
  body: string,
): string {
  return secrets.map((secret) => signDelivery(secret, webhookId, timestampSeconds, body)).join(' ');
}
