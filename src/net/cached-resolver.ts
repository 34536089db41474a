import type { ResolveHost } from './callback-policy';

/** How long, and for how many hosts, {@link cachedResolver} keeps what a name resolved to. */
export interface ResolverCacheOptions {
  /**
   * How long an answer is kept, in ms.
   * @default 30_000
   */
  ttlMs?: number;
  /**
   * The hosts kept at most; past it, the oldest answer goes first.
   * @default 1_000
   */
  maxHosts?: number;
  /** The clock (epoch ms); `Date.now` unless given. */
  now?: () => number;
}

/**
 * `resolve`, with each host's addresses kept a short while: a LOS sends the same callback host with every order, and
 * Node asks the system resolver afresh on every lookup (a round trip to a DNS server when nothing on the host caches).
 * Only the addresses are kept, never a verdict: the caller judges them on every check. Lookups that fail are not kept,
 * so a name fixed in DNS is accepted at once, and concurrent lookups of one host share one. For placement only: the
 * delivery checks its host again, uncached, before each attempt and at connection (DNS rebinding).
 */
export function cachedResolver(resolve: ResolveHost, options: ResolverCacheOptions = {}): ResolveHost {
  const ttlMs = options.ttlMs ?? 30_000;
  const maxHosts = options.maxHosts ?? 1_000;
  const now = options.now ?? Date.now;
  // Insertion order is age order: an entry is set once, and deleted when it expires.
  const answers = new Map<string, { at: number; addresses: Promise<readonly string[]> }>();
  return (host) => {
    const at = now();
    const kept = answers.get(host);
    if (kept && at - kept.at < ttlMs) return kept.addresses;
    answers.delete(host);
    const addresses = resolve(host);
    answers.set(host, { at, addresses });
    addresses.catch(() => {
      if (answers.get(host)?.addresses === addresses) answers.delete(host);
    });
    for (const oldest of answers.keys()) {
      if (answers.size <= maxHosts) break;
      answers.delete(oldest);
    }
    return addresses;
  };
}
