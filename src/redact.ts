const SSN_PATTERN = /\b\d{3}-?\d{2}-?\d{4}\b/g;

/** Masks anything shaped like an SSN in free text (provider error messages may echo the request). */
export function redactSsn(text: string): string {
  return text.replace(SSN_PATTERN, '***-**-****');
}
