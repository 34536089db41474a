import type { ProviderHint } from '../domain';

/** How long a progress event may wait for company before it is sent on its own. */
export const PROGRESS_HOLD_MS = 2_000;

/** A held hint and the webhook request waiting for its answer. */
interface HeldHint {
  hint: ProviderHint;
  settle: (delivered: Promise<boolean>) => void;
}

/**
 * Holds back the webhook hints that cannot change a decision (`refresh: false`: Truv's progress events) so that they
 * reach the order together, in one signal, instead of waking it one signal each: with the next hint that can
 * change a decision for the same order, or on their own after {@link PROGRESS_HOLD_MS}. The order's timeline still
 * shows every event, in the order received, at most that much later.
 *
 * A held event's webhook request waits with it: the provider hears `200` only once Temporal has the event (and `503`,
 * to send it again, when the signal fails), as for every other webhook. Nothing is acknowledged that could be lost.
 */
export class HintBatcher {
  private readonly held = new Map<string, { hints: HeldHint[]; timer: NodeJS.Timeout }>();

  constructor(
    /** Sends hints to an order in one signal; false when the order does not exist or has ended. */
    private readonly send: (orderId: string, hints: readonly ProviderHint[]) => Promise<boolean>,
    private readonly holdMs = PROGRESS_HOLD_MS,
  ) {}

  /**
   * Sends a hint that can change a decision now, with the hints held for its order ahead of it; holds any other.
   * Resolves once Temporal has the hint: true, or false when the order does not exist or has ended.
   */
  forward(orderId: string, hint: ProviderHint): Promise<boolean> {
    if (!hint.refresh) return this.hold(orderId, hint);
    return this.sendWithHeld(orderId, this.take(orderId), hint);
  }

  private hold(orderId: string, hint: ProviderHint): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      const settle = (delivered: Promise<boolean>): void => void delivered.then(resolve, reject);
      const held = this.held.get(orderId);
      if (held) {
        held.hints.push({ hint, settle });
        return;
      }
      const timer = setTimeout(() => void this.sendWithHeld(orderId, this.take(orderId)), this.holdMs);
      this.held.set(orderId, { hints: [{ hint, settle }], timer });
    });
  }

  private take(orderId: string): HeldHint[] {
    const held = this.held.get(orderId);
    if (!held) return [];
    clearTimeout(held.timer);
    this.held.delete(orderId);
    return held.hints;
  }

  /** One signal for the held hints (and `hint`); every waiting request gets its outcome. */
  private sendWithHeld(orderId: string, held: HeldHint[], hint?: ProviderHint): Promise<boolean> {
    const hints = held.map((entry) => entry.hint);
    const delivered = this.send(orderId, hint ? [...hints, hint] : hints);
    for (const entry of held) entry.settle(delivered);
    return delivered;
  }
}
