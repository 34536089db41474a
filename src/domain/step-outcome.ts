/**
 * How one provider step of an order ended. Each provider maps its final states onto these; what the order does next
 * is decided here, never in provider code.
 */
export const STEP_OUTCOMES = [
  'verified',
  'no_data',
  'not_found',
  'expired',
  'applicant_inactive',
  'provider_error',
  'canceled',
] as const;

export type StepOutcome = (typeof STEP_OUTCOMES)[number];

/** What a provider waterfall does after a step: the order is verified, the next provider gets it, or it is over. */
export type WaterfallDecision = 'complete' | 'next-provider' | 'fail';

/**
 * The waterfall rule. A verified step completes the order. Any other end — no data, no match, the applicant never
 * acting or no longer employed, the provider failing or canceling, the step's deadline — hands the order to the next
 * provider while there is one. The LOS's cancel and the order's overall deadline end the whole order instead; they
 * never reach this rule.
 */
export function afterStep(outcome: StepOutcome, stepsLeft: number): WaterfallDecision {
  if (outcome === 'verified') return 'complete';
  return stepsLeft > 0 ? 'next-provider' : 'fail';
}
