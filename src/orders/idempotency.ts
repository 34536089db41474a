import { createHash, createHmac } from 'node:crypto';
import { encryptionKeyFromBase64 } from '../temporal/encryption-codec';

/**
 * What a POST derives from the field keys (`VOIE_FIELD_KEY` first, then `VOIE_FIELD_RETIRED_KEYS`) to name and
 * fingerprint an order: built once per process, since the HMAC keys are the same for every POST.
 */
export class IdempotencyKeys {
  private readonly keys: readonly { id: string; orderId: Buffer; fingerprint: Buffer }[];

  constructor(fieldKeys: readonly string[]) {
    this.keys = fieldKeys.map((base64) => {
      const { id, key } = encryptionKeyFromBase64(base64);
      return { id, orderId: derivedKey(key, 'voie order id'), fingerprint: derivedKey(key, 'voie order fingerprint') };
    });
  }

  /**
   * The ids an order of `tenant` with this `external_id` has under each field key, the current one first: an HMAC,
   * so a repeated POST can only ever address the same workflow while nobody without voie's keys can compute another
   * tenant's (or its own) order ids. The same `external_id` in two tenants is two orders. An order placed before a key
   * rotation keeps the id it has under its retired key.
   */
  orderIds(tenant: string, externalId: string): string[] {
    if (this.keys.length === 0) throw new Error('VOIE_FIELD_KEY is required to place orders');
    // A tenant's name holds no ':', so the pair reads one way only.
    const named = `${tenant}:${externalId}`;
    return this.keys.map(
      ({ orderId }) => `vo_${createHmac('sha256', orderId).update(named).digest('hex').slice(0, 24)}`,
    );
  }

  /**
   * {@link fingerprintOf}, keyed: an HMAC under a key derived from the field key, named by its id. The memo is
   * readable through the codec endpoint, and a plain hash of a body whose other fields the order shows would give its
   * SSN away to a few seconds of guessing. A stored fingerprint matches under any listed key (rotation), or unkeyed
   * for an order placed before fingerprints were keyed. Without keys, unkeyed.
   */
  fingerprint(body: unknown): BodyFingerprint {
    const canonical = canonicalJson(body);
    const unkeyed = createHash('sha256').update(canonical).digest('hex');
    const keyed = this.keys.map(
      ({ id, fingerprint }) => `${id}:${createHmac('sha256', fingerprint).update(canonical).digest('hex')}`,
    );
    return { value: keyed[0] ?? unkeyed, matches: (stored) => stored === unkeyed || keyed.includes(stored as string) };
  }
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

/** A key of its own for each use of a field key: the field key itself only ever seals. */
function derivedKey(fieldKey: Buffer, purpose: string): Buffer {
  return createHmac('sha256', fieldKey).update(purpose).digest();
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
