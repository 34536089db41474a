import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { ValueError } from '@temporalio/common';
import type { Applicant, OrderRequest } from '../domain';
import { encryptionKeyFromBase64, type EncryptionKey } from './encryption-codec';

/** The borrower's identifiers that stay sealed in every payload: operators who read payloads never see them. */
export const SEALED_FIELDS = ['ssn', 'date_of_birth'] as const;

export type SealedField = (typeof SEALED_FIELDS)[number];

const PREFIX = 'voie-sealed:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Whether a value is in the sealed form (`voie-sealed:KEY_ID:…`). */
export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

/**
 * Seals single fields with AES-256-GCM under the field key (`VOIE_FIELD_KEY`), which the codec endpoint does not hold:
 * a payload decrypted for the Temporal UI still shows them as `voie-sealed:KEY_ID:…`. The field's name is the
 * associated data, so a sealed date of birth cannot pass for an SSN. New seals use the first key; the others only
 * unseal (rotation). Hand-written on Node's `crypto`, as the payload codec is: it is a dozen lines that decide who
 * reads an SSN, which no dependency should sit in.
 */
export class FieldSealer {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: readonly EncryptionKey[]) {
    if (keys.length === 0) throw new ValueError('field sealing needs at least one key');
    this.byId = new Map(keys.map(({ id, key }) => [id, key]));
  }

  /** From base64 keys, the current one first (`VOIE_FIELD_KEY`, then `VOIE_FIELD_RETIRED_KEYS`). */
  static fromBase64(keys: readonly string[]): FieldSealer {
    return new FieldSealer(keys.map(encryptionKeyFromBase64));
  }

  /** The sealed form of `value`; a value already sealed stays as it is. */
  seal(field: SealedField, value: string): string {
    if (isSealed(value)) return value;
    const { id, key } = this.keys[0]!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(field));
    const sealed = Buffer.concat([iv, cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}${id}:${sealed.toString('base64url')}`;
  }

  /**
   * The plain value of a sealed one. A value not in the sealed form is returned as it is: orders placed before
   * sealing carry their identifiers inside the (encrypted) payload only.
   */
  unseal(field: SealedField, value: string): string {
    if (!isSealed(value)) return value;
    const [id, body] = value.slice(PREFIX.length).split(':');
    const key = this.byId.get(id ?? '');
    // The errors name neither the value nor the field's content.
    if (!key || body === undefined) throw new ValueError(`a sealed ${field} names an unknown field key`);
    const data = Buffer.from(body, 'base64url');
    if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError(`a sealed ${field} is truncated`);
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(field));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  /**
   * A keyed hash of `value` (HMAC-SHA-256, hex) under a key derived from the current field key for `purpose` alone:
   * the field key itself only ever seals. Lets voie find equal values (the same borrower) without keeping them; after
   * a key rotation the hashes change, so what was found by the old ones is no longer found.
   */
  keyedHash(purpose: string, value: string): string {
    const derived = createHmac('sha256', this.keys[0]!.key).update(purpose).digest();
    return createHmac('sha256', derived).update(value).digest('hex');
  }

  /** The applicant with every sealed field sealed. */
  sealApplicant<T extends Partial<Applicant>>(applicant: T): T {
    return this.mapFields(applicant, (field, value) => this.seal(field, value));
  }

  /** The request as a provider must receive it: the applicant's sealed fields in plain. */
  unsealRequest(request: OrderRequest): OrderRequest {
    return { ...request, applicant: this.mapFields(request.applicant, (field, value) => this.unseal(field, value)) };
  }

  private mapFields<T extends Partial<Applicant>>(applicant: T, map: (field: SealedField, value: string) => string): T {
    const result = { ...applicant };
    for (const field of SEALED_FIELDS) {
      const value = result[field];
      if (typeof value === 'string') result[field] = map(field, value);
    }
    return result;
  }
}
