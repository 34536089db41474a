import type { ProviderHint } from '../domain';

/** A hint waiting behind its order's signal in flight, and the webhook request waiting for its answer. */
interface QueuedHint {
  hint: ProviderHint;
  resolve: (delivered: boolean) => void;
  reject: (err: unknown) => void;
}

/**
 * Sends an order's webhook hints in as few signals as there can be without holding any back: while a signal to an
 * order is in flight, the hints that arrive for it wait, and go together in the next signal once it is answered
 * (a group commit). A provider that delivers in parallel (Truv's progress events come in bursts) wakes the order
 * once per burst instead of once per event; a lone hint goes at once, as before.
 *
 * Every webhook request waits for the signal that carries its hint: the provider hears `200` only once Temporal has
 * it, and `503` (to send it again) when that signal failed. Nothing acknowledged can be lost.
 */
export class HintBatcher {
  private readonly inFlight = new Set<string>();
  private readonly queued = new Map<string, QueuedHint[]>();

  constructor(
    /** Sends hints to an order in one signal; false when the order does not exist or has ended. */
    private readonly send: (orderId: string, hints: readonly ProviderHint[]) => Promise<boolean>,
  ) {}

  /** Resolves once Temporal has the hint: true, or false when the order does not exist or has ended. */
  forward(orderId: string, hint: ProviderHint): Promise<boolean> {
    if (!this.inFlight.has(orderId)) return this.signal(orderId, [hint]);
    return new Promise<boolean>((resolve, reject) => {
      const queue = this.queued.get(orderId) ?? [];
      queue.push({ hint, resolve, reject });
      this.queued.set(orderId, queue);
    });
  }

  private async signal(orderId: string, hints: ProviderHint[]): Promise<boolean> {
    this.inFlight.add(orderId);
    try {
      return await this.send(orderId, hints);
    } finally {
      this.inFlight.delete(orderId);
      this.sendQueued(orderId);
    }
  }

  private sendQueued(orderId: string): void {
    const queue = this.queued.get(orderId);
    if (!queue) return;
    this.queued.delete(orderId);
    const delivered = this.signal(
      orderId,
      queue.map((entry) => entry.hint),
    );
    for (const entry of queue) delivered.then(entry.resolve, entry.reject);
  }
}
