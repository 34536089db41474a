import type { WebhookTarget } from '../providers/provider';

/** How many provider ids are remembered: a few per open order, oldest forgotten first. */
const DEFAULT_CAPACITY = 50_000;

/**
 * Which order a webhook without voie's id concerns, remembered from the search-attribute lookups already made. Truv
 * names the order in few of its events: the applicant's task, link and data events carry only Truv's user, link and
 * suborder ids, and each such event cost a visibility query (one per id tried) on top of its signal. The ids are the
 * provider's own for one provider order, which voie creates for one order, so an id keeps naming the same order; a
 * remembered order that has ended is forgotten and looked up again (the caller's job, see `webhooks.ts`).
 */
export class WebhookRoutes {
  /** `provider` and id → order id, in the order they were remembered (a Map keeps insertion order). */
  private readonly known = new Map<string, string>();

  constructor(
    /** The lookup by search attribute (`OrderDirectory.findOrderId`). */
    private readonly lookup: (provider: string, target: WebhookTarget) => Promise<string | undefined>,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** The order an earlier lookup found for one of the target's ids, if any. */
  remembered(provider: string, target: WebhookTarget): string | undefined {
    for (const id of idsOf(target)) {
      const orderId = this.known.get(key(provider, id));
      if (orderId) return orderId;
    }
    return undefined;
  }

  /** Looks the order up by search attribute; remembers it under every id the webhook named. */
  async find(provider: string, target: WebhookTarget): Promise<string | undefined> {
    const orderId = await this.lookup(provider, target);
    if (orderId) this.remember(provider, target, orderId);
    return orderId;
  }

  /**
   * Remembers `orderId` under every provider id of a webhook that reached it. A webhook that names voie's order and
   * the provider's ids (Truv's order events carry the order number with the user, link and suborder ids) routes the
   * applicant's events that follow without a search, even before the order has recorded those ids itself.
   */
  remember(provider: string, target: WebhookTarget, orderId: string): void {
    for (const id of idsOf(target)) {
      const entry = key(provider, id);
      this.known.delete(entry);
      this.known.set(entry, orderId);
      if (this.known.size > this.capacity) this.known.delete(this.known.keys().next().value!);
    }
  }

  /** Forgets the target's ids (their order has ended, or never was). */
  forget(provider: string, target: WebhookTarget): void {
    for (const id of idsOf(target)) this.known.delete(key(provider, id));
  }
}

function idsOf(target: WebhookTarget): string[] {
  return [target.providerOrderId, ...(target.correlationIds ?? [])].filter((id): id is string => !!id);
}

function key(provider: string, id: string): string {
  return `${provider}\u0000${id}`;
}
