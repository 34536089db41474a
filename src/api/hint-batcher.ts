import type { ProviderHint } from '../domain';
import type { Logger } from '../logger';

/** How long a progress event may wait for company before it is sent on its own. */
export const PROGRESS_HOLD_MS = 2_000;

/**
 * Holds back the webhook hints that cannot change a decision (`refresh: false`: Truv's progress events) so that they
 * reach the order together, in one signal, instead of waking it one signal each: with the next hint that can
 * change a decision for the same order, or on their own after {@link PROGRESS_HOLD_MS}. The order's timeline still
 * shows every event, in the order received, at most that much later.
 *
 * The trade: a progress event is acknowledged before Temporal has it, so an API process that dies within the hold
 * loses it from the timeline. Hints that can change a decision are never held: their `200` still waits for the
 * signal.
 */
export class HintBatcher {
  private readonly held = new Map<string, { hints: ProviderHint[]; timer: NodeJS.Timeout }>();

  constructor(
    /** Sends hints to an order in one signal; false when the order does not exist or has ended. */
    private readonly send: (orderId: string, hints: readonly ProviderHint[]) => Promise<boolean>,
    private readonly logger: Logger,
    private readonly holdMs = PROGRESS_HOLD_MS,
  ) {}

  /**
   * Sends a hint that can change a decision now, with the hints held for its order ahead of it; holds any other.
   * Resolves true once Temporal has the hint (or holds it), false when the order does not exist or has ended.
   */
  async forward(orderId: string, hint: ProviderHint): Promise<boolean> {
    if (!hint.refresh) {
      this.hold(orderId, hint);
      return true;
    }
    const held = this.take(orderId);
    try {
      return await this.send(orderId, [...held, hint]);
    } catch (err) {
      // The provider hears 5xx and sends its hint again; the held ones have no sender to retry them: hold them again.
      for (const earlier of held) this.hold(orderId, earlier);
      throw err;
    }
  }

  private hold(orderId: string, hint: ProviderHint): void {
    const held = this.held.get(orderId);
    if (held) {
      held.hints.push(hint);
      return;
    }
    const timer = setTimeout(() => void this.flush(orderId), this.holdMs);
    // A held progress event must not keep the process alive on its own.
    timer.unref();
    this.held.set(orderId, { hints: [hint], timer });
  }

  private take(orderId: string): ProviderHint[] {
    const held = this.held.get(orderId);
    if (!held) return [];
    clearTimeout(held.timer);
    this.held.delete(orderId);
    return held.hints;
  }

  private async flush(orderId: string): Promise<void> {
    const hints = this.take(orderId);
    if (hints.length === 0) return;
    try {
      await this.send(orderId, hints);
    } catch (err) {
      this.logger.warn({ err, orderId, hints: hints.length }, 'progress events could not reach the order; dropped');
    }
  }
}
