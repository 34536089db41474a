/**
 * What makes two verifications the same for reuse (`workflows/reuse-ledger.ts`): the same borrower (SSN) at the same
 * employers, of the same verification type (an employment-only verification cannot serve an income order). Names are compared as letters and digits only, so case, punctuation and spacing do not matter. The text
 * this builds holds the SSN: it is only ever hashed under a key (`FieldSealer.keyedHash`), never stored or logged.
 */

/** An employer's name as reuse compares it: letters and digits only, lower case (`Acme, Inc.` is `acmeinc`). */
export function normalizeEmployerName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * The text a reuse key hashes: the verification type, the SSN's digits and the normalized names of the provider
 * order's employers, sorted (a Truv order of several employers is the same in any order). Newlines cannot occur in any
 * part.
 */
export function reuseKeyText(type: string, ssn: string, employerNames: readonly string[]): string {
  const employers = employerNames.map(normalizeEmployerName).sort();
  return [type, ssn.replace(/\D/g, ''), ...employers].join('\n');
}
