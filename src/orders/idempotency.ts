import { createHash } from 'node:crypto';

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
