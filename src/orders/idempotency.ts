import { createHash, createHmac } from 'node:crypto';
import { encryptionKeyFromBase64 } from '../temporal/encryption-codec';

/** voie's order id, derived from the LOS's `external_id`: a repeated POST can only ever address the same workflow. */
export function orderIdFor(externalId: string): string {
  return `vo_${createHash('sha256').update(externalId).digest('hex').slice(0, 24)}`;
}

/**
 * The fingerprint of an order's body, kept in its workflow's memo: a repeated POST with the same body is the same
 * order (`200`), one with another body a conflict (`409`). Key order and absent keys do not change it.
 */
export function fingerprintOf(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** A body's fingerprint as the order's memo keeps it, and how to tell whether a stored one is of the same body. */
export interface BodyFingerprint {
  value: string;
  matches(stored: unknown): boolean;
}

/**
 * {@link fingerprintOf}, keyed: an HMAC under a key derived from the field key (`VOIE_FIELD_KEY`, the current one
 * first), named by its id. The memo is readable through the codec endpoint, and a plain hash of a body whose other
 * fields the order shows would give its SSN away to a few seconds of guessing. A stored fingerprint matches under
 * any listed key (rotation), or unkeyed for an order placed before fingerprints were keyed. Without keys, unkeyed.
 */
export function keyedFingerprintOf(body: unknown, fieldKeys: readonly string[]): BodyFingerprint {
  const canonical = canonicalJson(body);
  const unkeyed = createHash('sha256').update(canonical).digest('hex');
  const keyed = fieldKeys.map((base64) => {
    const { id, key } = encryptionKeyFromBase64(base64);
    const derived = createHmac('sha256', key).update('voie order fingerprint').digest();
    return `${id}:${createHmac('sha256', derived).update(canonical).digest('hex')}`;
  });
  return { value: keyed[0] ?? unkeyed, matches: (stored) => stored === unkeyed || keyed.includes(stored as string) };
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonicalJson(child)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
