/**
 * What makes two verifications the same for reuse (`workflows/reuse-ledger.ts`): the same borrower (SSN) at the same
 * employers. Names are compared as letters and digits only, so case, punctuation and spacing do not matter. The text
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
 * The text a reuse key hashes: the SSN's digits and the normalized names of the provider order's employers, sorted
 * (a Truv order of several employers is the same in any order). Newlines cannot occur in either part.
 */
export function reuseKeyText(ssn: string, employerNames: readonly string[]): string {
  const employers = employerNames.map(normalizeEmployerName).sort();
  return [ssn.replace(/\D/g, ''), ...employers].join('\n');
}
