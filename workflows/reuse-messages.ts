/**
 * What an order's step and the reuse ledger of a borrower and employer (`reuse-ledger.ts`) say to each other. Ids,
 * times and provider ids only: no personal data (the ledger's id holds a keyed hash, never the SSN or a name).
 */
import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ProviderHint } from '../src/domain';
import type { ReverificationSource } from '../src/providers/provider';

/** The ledger's workflow id: one per tenant, provider and reuse key (a keyed hash of borrower and employers). */
export function reuseLedgerId(tenant: string, provider: string, key: string): string {
  return `reuse/${tenant}/${provider}/${key}`;
}

/** A step's claim: the order that asks, until when it may own the key (its step deadline), the provider's window. */
export interface ReuseClaim {
  orderId: string;
  /** Epoch ms: an owner that has not said how its provider order ended by then no longer holds others back. */
  leaseUntil: number;
  /** The provider's free re-verification window (ms) from a verification's completion. */
  windowMs: number;
  /**
   * The order whose verification the ledger offered this claimer before, and the provider would not re-verify: the
   * ledger offers it no more.
   */
  refused?: string;
}

/**
 * The ledger's answer: re-verify the verification of `orderId` (`source`, with the re-checks other orders already
 * placed of it, so that a retry does not take one of theirs for its own); create a provider order (the caller now owns
 * the key); or wait, since another order is placing one, and claim again later.
 */
export type ReuseAnswer =
  | { kind: 'reuse'; orderId: string; source: ReverificationSource; earlierRecheckIds: string[] }
  | { kind: 'create' }
  | { kind: 'wait' };

/** What the step does after its claim, with the ledger's id to tell it how the provider order ended. */
export type ReuseDecision = ReuseAnswer & { ledgerId: string };

/** Claims the key: see {@link ReuseAnswer}. */
export const reuseClaimUpdate = defineUpdate<ReuseAnswer, [ReuseClaim]>('claim');

/**
 * How the owner's provider order ended: verified (with what a re-verification needs), or not (the key is free).
 * From any other order it changes nothing.
 */
export interface ReuseSettled {
  orderId: string;
  verified: Omit<ReverificationSource, 'asOf'> | null;
}

/** The owner tells the ledger how its provider order ended ({@link ReuseSettled}). */
export const reuseSettledSignal = defineSignal<[ReuseSettled]>('settled');

/**
 * To each order the ledger answered `wait`: the owner settled the key (verified, or freed it), so the order claims
 * again now rather than at its next timer.
 */
export const reuseKeySettledSignal = defineSignal('reuseKeySettled');

/**
 * To the owner, when another order would wait on it: whether its workflow still runs. The ledger cannot describe a
 * workflow; a signal to one that closed fails, and the key is then free (an operator terminated the owner, which
 * could not say how its provider order ended). The order does nothing with it.
 */
export const reuseOwnerCheckSignal = defineSignal('reuseOwnerCheck');

/** An order re-verified the ledger's verification: its re-check's provider order id. */
export const reuseRecheckSignal = defineSignal<[{ orderId: string; providerOrderId: string }]>('recheck');

/**
 * A provider webhook the ledger's verifying order received for a provider order it does not know: the provider routed
 * a re-check's webhook by the original's labels (a Truework reverification keeps its parent's metadata). The ledger
 * passes it on to the order whose re-check it names.
 */
export const reuseHintSignal = defineSignal<[ProviderHint]>('hint');

/**
 * To the order whose verification the ledger holds: another order re-verified it, as this provider order. A Truework
 * reverification carries its parent's labels, so the order's own re-verification before closing would otherwise take
 * it for a re-check of its own.
 */
export const verificationRecheckedSignal = defineSignal<[{ providerOrderId: string }]>('verificationRechecked');
