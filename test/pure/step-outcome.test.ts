import { afterStep, STEP_OUTCOMES } from '../../src/domain';

describe('the waterfall rule after a step', () => {
  it('completes the order on a verified step, whether or not a provider is left', () => {
    expect(afterStep('verified', 1)).toBe('complete');
    expect(afterStep('verified', 0)).toBe('complete');
  });

  const unverified = STEP_OUTCOMES.filter((outcome) => outcome !== 'verified');

  it('covers every outcome but verified below', () => {
    expect(unverified).toEqual(['no_data', 'not_found', 'expired', 'applicant_inactive', 'provider_error', 'canceled']);
  });

  it.each(unverified)('hands the order to the next provider after a %s step when one is left', (outcome) => {
    expect(afterStep(outcome, 1)).toBe('next-provider');
    expect(afterStep(outcome, 2)).toBe('next-provider');
  });

  it.each(unverified)('fails the order after a %s step when no provider is left', (outcome) => {
    expect(afterStep(outcome, 0)).toBe('fail');
  });
});
