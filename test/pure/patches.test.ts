import { hasPatch } from '../../workflows/patches';

describe('the patch registry', () => {
  it('refuses a patch that is not registered, before any history could record it', () => {
    expect(() => hasPatch('not-registered')).toThrow('patch not-registered is not in workflows/patches.ts');
  });
});
