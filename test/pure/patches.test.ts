import { hasPatch, PATCHES } from '../../workflows/patches';

describe('the patch registry', () => {
  it('refuses a patch that is not registered, before any history could record it', () => {
    expect(() => hasPatch('not-registered')).toThrow('patch not-registered is not in workflows/patches.ts');
  });

  it('names each patch once, with the version it arrived in and when it may go', () => {
    expect(new Set(PATCHES.map((patch) => patch.id)).size).toBe(PATCHES.length);
    for (const patch of PATCHES)
      expect(patch).toEqual(expect.objectContaining({ since: expect.stringMatching(/^\d+\.\d+\.\d+$/) }));
  });
});
