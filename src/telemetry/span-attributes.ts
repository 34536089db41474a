import type { Attributes } from '@opentelemetry/api';
import { trace } from '@opentelemetry/api';

/**
 * voie's own attributes on the active span (the request's, the activity attempt's): names, ids and outcomes only,
 * never what an applicant or a lender sent. With tracing off there is no active span and nothing happens.
 */
export function annotateSpan(attributes: Record<`voie.${string}`, Attributes[string]>): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}
