import type { Payload, PayloadCodec } from '@temporalio/common';
import { METADATA_ENCODING_KEY } from '@temporalio/common';
import type { FieldSealer } from './field-sealer';

/**
 * A plain identifier as the SDK's JSON converter writes it (no spaces): `"ssn":"…"` whose value is not sealed. Only a
 * payload that has one is parsed, so the common payload costs one scan.
 */
const PLAIN_FIELD = /"(?:ssn|date_of_birth)":"(?!voie-sealed:)/;

/**
 * The codec stage before encryption that seals an applicant's SSN and date of birth (see {@link FieldSealer}) in every
 * JSON payload that carries an `applicant` object, wherever in the payload it is: the order's input as the API starts
 * it, and whatever a workflow writes (continue-as-new, activity inputs). It never unseals: workflows carry the
 * identifiers sealed (the view's last four digits come from `ssn_last4`), and the provider activities unseal them
 * for the call that needs them. The codec endpoint therefore shows them sealed.
 */
export class FieldSealingCodec implements PayloadCodec {
  constructor(private readonly sealer: FieldSealer) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return await Promise.resolve(payloads.map((payload) => this.sealPayload(payload)));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return await Promise.resolve(payloads);
  }

  private sealPayload(payload: Payload): Payload {
    if (Buffer.from(payload.metadata?.[METADATA_ENCODING_KEY] ?? []).toString() !== 'json/plain') return payload;
    const text = Buffer.from(payload.data ?? []).toString('utf8');
    if (!PLAIN_FIELD.test(text)) return payload;
    const sealed = JSON.stringify(this.sealTree(JSON.parse(text) as unknown));
    return { ...payload, data: Buffer.from(sealed, 'utf8') };
  }

  private sealTree(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.sealTree(item));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value).map(([key, child]: [string, unknown]): [string, unknown] => {
      if (key === 'applicant' && child !== null && typeof child === 'object' && !Array.isArray(child)) {
        return [key, this.sealer.sealApplicant(child as Record<string, unknown>)];
      }
      return [key, this.sealTree(child)];
    });
    return Object.fromEntries(entries);
  }
}
