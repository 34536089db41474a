import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { safeEqual } from '../providers/constant-time';
import { ApiError } from './errors';

/** The token of `Authorization: Bearer TOKEN`, if the request sends one. */
export function bearerToken(req: Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
}

/**
 * A configured key's name for rate limits and logs: a prefix of its SHA-256, which says which key without being it
 * (nothing kept in memory or written to a log can be sent back as the key).
 */
export function apiKeyIdentity(key: string): string {
  return `key_${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/** The API's keys, each with its identity; checking a key compares it with every one in constant time. */
export class ApiKeys {
  private readonly keys: readonly { key: string; identity: string }[];

  constructor(keys: readonly string[]) {
    this.keys = keys.map((key) => ({ key, identity: apiKeyIdentity(key) }));
  }

  /** The identity of the configured key `given` is, or undefined for a key voie does not know (or none). */
  verify(given: string | undefined): string | undefined {
    if (given === undefined) return undefined;
    // Every key is compared, so the time taken does not tell which one matched.
    const matches = this.keys.map((entry) => safeEqual(given, entry.key));
    return this.keys[matches.indexOf(true)]?.identity;
  }
}

/** The identity {@link identifyApiKey} verified on this request, if any. */
export function verifiedApiKey(res: Response): string | undefined {
  const identity: unknown = res.locals.apiKey;
  return typeof identity === 'string' ? identity : undefined;
}

/**
 * Verifies the request's bearer key and, when it is one of `keys`, records its identity for what follows (the rate
 * limit counts verified keys; {@link requireApiKey} refuses the rest). Lets every request through.
 */
export function identifyApiKey(keys: ApiKeys): RequestHandler {
  return (req, res, next) => {
    const identity = keys.verify(bearerToken(req));
    if (identity !== undefined) res.locals.apiKey = identity;
    next();
  };
}

/** Refuses, `401`, a request without a key {@link identifyApiKey} verified. */
export function requireApiKey(): RequestHandler {
  return (_req, res, next) => {
    if (verifiedApiKey(res) !== undefined) {
      next();
      return;
    }
    next(
      new ApiError(401, 'Unauthorized', 'send Authorization: Bearer <API key>', undefined, {
        'www-authenticate': 'Bearer',
      }),
    );
  };
}
