import { heldFileOrder } from '../../src/loans/loan-reads';
import { loanFileEntry } from '../support/loan-file-entry';

const standing = {
  id: 'vo_a',
  status: 'completed' as const,
  reason: null,
  verified: true,
  canceledByLos: false,
  reverification: null,
};

describe("the loan file's line of an order, as its loan holds it", () => {
  const told = { id: 'vo_a', file: loanFileEntry('vo_a', 'completed'), standing, fileVersion: 2, ended: false };

  it('is current once the order told it after applying the loan’s latest closing date', () => {
    expect(heldFileOrder(told, 2)).toEqual({ entry: told.file, standing });
    expect(heldFileOrder(told, 1)).toEqual({ entry: told.file, standing });
  });

  it('is read from the order while the order has not applied the loan’s latest date, unless its workflow closed', () => {
    expect(heldFileOrder(told, 3)).toBeUndefined();
    expect(heldFileOrder({ ...told, ended: true }, 3)).toEqual({ entry: told.file, standing });
  });

  it('is read from the order when the loan holds none (not heard from, or past the entries it holds)', () => {
    expect(heldFileOrder({ id: 'vo_a' }, 0)).toBeUndefined();
    expect(heldFileOrder({ ...told, file: null }, 0)).toBeUndefined();
    expect(heldFileOrder({ ...told, standing: null }, 0)).toBeUndefined();
  });
});
