import type { Request, RequestHandler, Response } from 'express';
import { type AugmentedRequest, ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { verifiedApiKey } from './request-identity';
import { ApiError, sendProblem } from './errors';

/** One fixed window per minute: the limits are configured per minute. */
const WINDOW_MS = 60_000;

/** How many client addresses keep their computed budget key; the oldest is forgotten first. */
const ADDRESS_KEYS_KEPT = 10_000;
const addressKeys = new Map<string, string>();

/**
 * The budget of a request's client address (an IPv6 address counts with its /56, as one subscriber's). Kept per
 * address: `ipKeyGenerator` parses every IPv6 address with a library, IPv4 clients included (a dual-stack listener
 * sees them as `::ffff:a.b.c.d`), about 4 % of `voie api`'s CPU per webhook uncached, for a key that never changes.
 */
export function clientAddressKey(req: Request): string {
  const ip = req.ip ?? '';
  let key = addressKeys.get(ip);
  if (key === undefined) {
    key = `ip:${ipKeyGenerator(ip)}`;
    if (addressKeys.size >= ADDRESS_KEYS_KEPT) addressKeys.delete(addressKeys.keys().next().value!);
    addressKeys.set(ip, key);
  }
  return key;
}

/**
 * Whose budget a `/v1` request spends: its API key's once the key is verified (by its identity, never the key), else
 * its address's, which every request without a valid key from there shares: a guessed key buys no budget of its own.
 */
export function apiLimitKey(req: Request, res: Response): string {
  const verified = verifiedApiKey(res);
  return verified !== undefined ? `key:${verified.identity}` : clientAddressKey(req);
}

export interface RateLimitOptions {
  /** Requests per minute per budget. */
  perMinute: number;
  /** Whose budget a request spends. */
  key: (req: Request, res: Response) => string;
  /** What the limit counts, for the `429`'s detail: "requests per minute {per}". */
  per: string;
  /**
   * Answer `429` with `Connection: close`: the refused request's body is not read, and a client uploading one (a
   * codec request may carry 4 MB) is cut off rather than drained.
   */
  closeConnection?: boolean;
}

/**
 * A per-minute rate limit whose excess is answered `429` as problem+json with `Retry-After` (seconds to the window's
 * end) and the draft-8 `RateLimit` headers. Counts are held in memory, per API process.
 */
export function perMinuteLimit(options: RateLimitOptions): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: options.perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: options.key,
    handler: (req, res) => {
      const resetAt = (req as AugmentedRequest).rateLimit?.resetTime?.getTime() ?? Date.now() + WINDOW_MS;
      const retryAfter = String(Math.max(1, Math.ceil((resetAt - Date.now()) / 1000)));
      sendProblem(
        res,
        new ApiError(
          429,
          'Too Many Requests',
          `over ${options.perMinute} requests per minute ${options.per}`,
          undefined,
          {
            'retry-after': retryAfter,
            ...(options.closeConnection ? { connection: 'close' } : {}),
          },
        ),
      );
    },
  });
}
