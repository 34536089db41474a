import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { METADATA_ENCODING_KEY, ValueError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The error of a refused plaintext payload; it names no part of the payload. */
export const PLAINTEXT_REFUSED = "refused a payload that is not encrypted with one of voie's keys";

/** An AES-256 key and the id payloads name it by. */
export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/** Builds a key from its base64 form; its id is derived from the key so no second setting must match it. */
export function encryptionKeyFromBase64(base64: string): EncryptionKey {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new ValueError('an encryption key must be 32 bytes, base64-encoded');
  return { id: `k-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`, key };
}

/** How the codec decodes a payload it did not encrypt. */
export interface EncryptionCodecOptions {
  /**
   * Refuse it (decoding throws) instead of passing it through. Workers refuse: whoever reaches the Temporal frontend
   * could otherwise start an order, or signal one, with an input voie never encrypted, which voie would then run and
   * deliver as its own. The API's client and the codec endpoint pass it through: they only read.
   * @default false
   */
  refusePlaintext?: boolean;
}

/**
 * Encrypts every payload voie hands to Temporal with AES-256-GCM. The whole serialized payload is encrypted, so its
 * original encoding stays hidden too. New payloads use the first key; the others only decrypt (rotation).
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  constructor(
    private readonly keys: readonly EncryptionKey[],
    private readonly options: EncryptionCodecOptions = {},
  ) {
    if (keys.length === 0) throw new ValueError('the encryption codec needs at least one key');
    this.byId = new Map(keys.map(({ id, key }) => [id, key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys[0]!;
    return await Promise.resolve(
      payloads.map((payload) => {
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        const plain = temporal.api.common.v1.Payload.encode(payload).finish();
        const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
        return { metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCODING), [KEY_ID]: Buffer.from(id) }, data };
      }),
    );
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return await Promise.resolve(
      payloads.map((payload) => {
        if (Buffer.from(payload.metadata?.[METADATA_ENCODING_KEY] ?? []).toString() !== ENCODING) {
          if (this.options.refusePlaintext) throw new ValueError(PLAINTEXT_REFUSED);
          return payload;
        }
        const id = Buffer.from(payload.metadata?.[KEY_ID] ?? []).toString();
        const key = this.byId.get(id);
        if (!key) throw new ValueError(`payload encrypted with unknown key "${id}"`);
        const data = Buffer.from(payload.data ?? []);
        if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError('encrypted payload is truncated');
        const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
          decipher.final(),
        ]);
        return temporal.api.common.v1.Payload.decode(plain);
      }),
    );
  }
}
