/**
 * Why voie cancels a provider order, each with the sentence that says so. The sentence travels with the cancel where
 * the provider takes one (Truework's `cancellation_details`) and comes back in the provider order's canceled status,
 * so the LOS reads it in the timeline; each provider maps the reason itself to its own codes.
 */
export const CANCEL_REASONS = {
  'los-request': 'canceled by the lender',
  'action-required': 'auto-cancel: verification entered action-required',
  deadline: 'auto-cancel: order deadline passed',
  'step-deadline': 'auto-cancel: trying another provider after this one took too long',
  'order-failed': 'auto-cancel: the verification failed on the lender side',
} as const;

export type CancelReason = keyof typeof CANCEL_REASONS;
