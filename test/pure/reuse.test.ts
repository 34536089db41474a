import { resolveOrder, orderRequestSchema } from '../../src/api/order-schema';
import { loadConfig } from '../../src/config';
import { normalizeEmployerName, reuseKeyText } from '../../src/domain';
import { FieldSealer } from '../../src/temporal/field-sealer';
import { reuseKey } from '../../activities/reuse';
import {
  claim,
  decide,
  heldUntil,
  newReuseLedgerState,
  ownerGone,
  rechecked,
  settled,
} from '../../workflows/reuse-ledger';
import { reuseLedgerId } from '../../workflows/reuse-messages';
import { relaysOf } from '../../workflows/reuse';
import { providerOrderCreated } from '../../workflows/provider-orders';
import { orderAtStart } from '../../workflows/reverification-plan';
import { AT, orderStart } from '../support/order-state';

const DAY = 86_400_000;
const sealer = FieldSealer.fromBase64([Buffer.alloc(32, 8).toString('base64')]);

describe('the reuse key', () => {
  it('compares employer names by letters and digits only: case, punctuation and spacing do not matter', () => {
    const same = ['Acme, Inc.', 'ACME INC', 'acme inc', '  Acme   Inc ', 'Acme-Inc', 'A.C.M.E. Inc.'];
    expect(new Set(same.map(normalizeEmployerName))).toEqual(new Set(['acmeinc']));
    expect(normalizeEmployerName('Acme Corp')).not.toBe(normalizeEmployerName('Acme Inc'));
    expect(normalizeEmployerName('Café 21')).toBe('café21');
  });

  it('takes the SSN digits and the employers in any order', () => {
    expect(reuseKeyText('employment', '000-12-3456', ['Beta LLC', 'Acme, Inc.'])).toBe(
      reuseKeyText('employment', '000123456', ['acme inc', 'BETA llc']),
    );
    expect(reuseKeyText('employment', '000-12-3456', ['Acme'])).not.toBe(
      reuseKeyText('employment', '000-12-3457', ['Acme']),
    );
  });

  it('is a keyed hash: the same borrower and employer under one key, another under another key; never the SSN', () => {
    const key = reuseKey(sealer, 'employment-income', sealer.seal('ssn', '000-12-3456'), ['Acme, Inc.']);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    // Sealed anew (another IV), or in plain: the same key.
    expect(reuseKey(sealer, 'employment-income', sealer.seal('ssn', '000123456'), ['ACME INC'])).toBe(key);
    expect(reuseKey(sealer, 'employment-income', '000-12-3456', ['acme inc'])).toBe(key);
    expect(reuseKey(sealer, 'employment-income', '000-12-3457', ['Acme, Inc.'])).not.toBe(key);
    expect(reuseKey(sealer, 'employment-income', '000-12-3456', ['Acme, Inc.', 'Beta'])).not.toBe(key);
    // An employment-only verification does not serve an income order.
    expect(reuseKey(sealer, 'employment', '000-12-3456', ['Acme, Inc.'])).not.toBe(key);
    const other = FieldSealer.fromBase64([Buffer.alloc(32, 9).toString('base64')]);
    expect(reuseKey(other, 'employment-income', '000-12-3456', ['Acme, Inc.'])).not.toBe(key);
    const id = reuseLedgerId('acme', 'truework', key);
    expect(id).toBe(`reuse/acme/truework/${key}`);
    expect(id).not.toContain('3456');
  });
});

describe('the reuse ledger', () => {
  const claimOf = (orderId: string, now: number) => ({ orderId, leaseUntil: now + DAY, windowMs: 90 * DAY });

  it('makes the first claimer the owner, holds others back, and hands the verification on once settled', () => {
    const state = newReuseLedgerState();
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    expect(claim(state, claimOf('vo_a', t0), t0)).toEqual({ kind: 'create' });
    expect(claim(state, claimOf('vo_b', t0), t0 + 1)).toEqual({ kind: 'wait' });
    // The owner claiming again (a retried activity) is still the owner.
    expect(claim(state, claimOf('vo_a', t0), t0 + 2)).toEqual({ kind: 'create' });
    const source = { providerOrderId: 'tw_1', reportIds: ['r1'], completedAt: new Date(t0 + 1000).toISOString() };
    expect(settled(state, { orderId: 'vo_b', verified: source })).toEqual([]);
    expect(state.latest).toBeNull();
    // The orders held back are told, once.
    expect(settled(state, { orderId: 'vo_a', verified: source })).toEqual(['vo_b']);
    expect(state.owner).toBeNull();
    expect(state.waiters).toEqual([]);
    expect(claim(state, claimOf('vo_b', t0), t0 + 2000)).toEqual({
      kind: 'reuse',
      orderId: 'vo_a',
      source,
      earlierRecheckIds: [],
    });
    expect(heldUntil(state)).toBe(t0 + 1000 + 90 * DAY);
  });

  it('creates again once the window has passed, and frees the key when the owner verified nothing', () => {
    const state = newReuseLedgerState();
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    claim(state, claimOf('vo_a', t0), t0);
    settled(state, {
      orderId: 'vo_a',
      verified: { providerOrderId: 'tw_1', reportIds: ['r1'], completedAt: new Date(t0).toISOString() },
    });
    const later = t0 + 90 * DAY + 1;
    expect(claim(state, claimOf('vo_b', later), later)).toEqual({ kind: 'create' });
    settled(state, { orderId: 'vo_b', verified: null });
    expect(state.owner).toBeNull();
    expect(claim(state, claimOf('vo_c', later), later + 1)).toEqual({ kind: 'create' });
  });

  it('names the owner a claim would wait on, and lets the claimer in once that owner is gone', () => {
    const state = newReuseLedgerState();
    const t0 = 1_000_000;
    claim(state, claimOf('vo_a', t0), t0);
    expect(decide(state, claimOf('vo_a', t0), t0 + 1)).toEqual({ kind: 'create' });
    expect(decide(state, claimOf('vo_b', t0), t0 + 1)).toEqual({ kind: 'wait', owner: 'vo_a' });
    ownerGone(state, 'vo_other');
    expect(claim(state, claimOf('vo_b', t0), t0 + 1)).toEqual({ kind: 'wait' });
    ownerGone(state, 'vo_a');
    expect(claim(state, claimOf('vo_b', t0), t0 + 2)).toEqual({ kind: 'create' });
    expect(state.waiters).toEqual([]);
  });

  it('offers no more a verification a claimer says the provider would not re-verify, and makes that claimer the owner', () => {
    const state = newReuseLedgerState();
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    claim(state, claimOf('vo_a', t0), t0);
    const source = { providerOrderId: 'tw_1', reportIds: ['r1'], completedAt: new Date(t0).toISOString() };
    settled(state, { orderId: 'vo_a', verified: source });
    expect(claim(state, claimOf('vo_b', t0), t0 + 1)).toMatchObject({ kind: 'reuse', orderId: 'vo_a' });
    expect(claim(state, { ...claimOf('vo_b', t0), refused: 'vo_a' }, t0 + 2)).toEqual({ kind: 'create' });
    expect(claim(state, claimOf('vo_c', t0), t0 + 3)).toEqual({ kind: 'wait' });
    // Kept, though offered no more: a re-check another order placed of it is still recorded.
    rechecked(state, { orderId: 'vo_x', providerOrderId: 'tw_9' });
    expect(state.latest).toMatchObject({ orderId: 'vo_a', refused: true, rechecks: [{ providerOrderId: 'tw_9' }] });
  });

  it("lets a claimer in once the owner's lease has passed", () => {
    const state = newReuseLedgerState();
    const t0 = 1_000_000;
    claim(state, { orderId: 'vo_a', leaseUntil: t0 + 10, windowMs: DAY }, t0);
    expect(claim(state, claimOf('vo_b', t0), t0 + 5)).toEqual({ kind: 'wait' });
    expect(claim(state, claimOf('vo_b', t0), t0 + 10)).toEqual({ kind: 'create' });
  });
});

describe('options.reuse and VOIE_REUSE', () => {
  const body = (options: Record<string, unknown>) =>
    orderRequestSchema.parse({
      external_id: 'loan-1',
      permissible_purpose: 'credit-application',
      applicant: { first_name: 'Jane', last_name: 'Doe', ssn: '000-00-0000' },
      employer: { name: 'Acme Inc' },
      providers: ['truv', 'truework'],
      options,
    });
  const off = loadConfig({});
  const on = loadConfig({ VOIE_REUSE: 'on' });

  it('is off unless asked, on with VOIE_REUSE=on, and an order may opt in or out', () => {
    const windows = { truv: 90 * DAY, truework: 90 * DAY };
    expect(resolveOrder(body({}), off).policy.reuseWindowMsOf).toBeUndefined();
    expect(resolveOrder(body({ reuse: true }), off).policy.reuseWindowMsOf).toEqual(windows);
    expect(resolveOrder(body({}), on).policy.reuseWindowMsOf).toEqual(windows);
    expect(resolveOrder(body({ reuse: false }), on).policy.reuseWindowMsOf).toBeUndefined();
  });

  it('refuses a VOIE_REUSE that is neither on nor off', () => {
    expect(() => loadConfig({ VOIE_REUSE: 'yes' })).toThrow(/VOIE_REUSE/);
  });
});

describe("an original order's webhooks of another order's re-check", () => {
  const hint = (providerOrderId: string) => ({
    id: `h-${providerOrderId}`,
    type: 'order.updated',
    refresh: true,
    receivedAt: AT,
    providerOrderId,
  });

  function ownerState() {
    const state = orderAtStart(orderStart({}));
    const [order] = state.providerOrders;
    providerOrderCreated(state, order!, 'TW-1', AT);
    order!.reuseLedger = { id: 'reuse/default/truework/abc', told: true };
    return state;
  }

  it('passes on, once the order ended, a hint naming a provider order it does not know, to each of its ledgers', () => {
    const state = ownerState();
    // Running: a hint of an unknown provider order may be its own, ahead of the create's answer.
    expect(relaysOf(state, hint('TW-2'))).toEqual([]);
    state.status = 'completed';
    expect(relaysOf(state, hint('TW-2'))).toEqual(['reuse/default/truework/abc']);
    expect(relaysOf(state, hint('TW-1'))).toEqual([]);
    // A second employer's provider order, with a key of its own: the re-check may be of either verification.
    const [first] = state.providerOrders;
    state.providerOrders.push({
      ...first!,
      providerOrderId: 'TW-3',
      reuseLedger: { id: 'reuse/default/truework/def', told: true },
    });
    expect(relaysOf(state, hint('TW-2'))).toEqual(['reuse/default/truework/abc', 'reuse/default/truework/def']);
    expect(relaysOf(state, hint('TW-3'))).toEqual([]);
    for (const order of state.providerOrders) delete order.reuseLedger;
    expect(relaysOf(state, hint('TW-2'))).toEqual([]);
  });
});
