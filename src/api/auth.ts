import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { ApiKeyEntry } from '../config';
import { safeEqual } from '../providers/constant-time';
import { ApiError } from './errors';
import { setVerifiedApiKey, type VerifiedKey, verifiedApiKey } from './request-identity';

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
  private readonly keys: readonly (VerifiedKey & { key: string })[];

  constructor(keys: readonly ApiKeyEntry[]) {
    this.keys = keys.map(({ key, tenant }) => ({ key, tenant, identity: apiKeyIdentity(key) }));
  }

  /** Who the configured key `given` is, or undefined for a key voie does not know (or none). */
  verify(given: string | undefined): VerifiedKey | undefined {
    if (given === undefined) return undefined;
    // Every key is compared, so the time taken does not tell which one matched.
    const matches = this.keys.map((entry) => safeEqual(given, entry.key));
    const found = this.keys[matches.indexOf(true)];
    return found && { identity: found.identity, tenant: found.tenant };
  }
}

/** The tenant of the request's verified key: every `/v1` route acts on this tenant's orders and loans only. */
export function requestTenant(res: Response): string {
  const verified = verifiedApiKey(res);
  // requireApiKey runs before every route that asks: reaching here without a key is a wiring mistake.
  if (!verified) throw new Error('no verified API key on this request');
  return verified.tenant;
}

/**
 * Verifies the request's bearer key and, when it is one of `keys`, records its identity for what follows (the rate
 * limit counts verified keys; {@link requireApiKey} refuses the rest). Lets every request through.
 */
export function identifyApiKey(keys: ApiKeys): RequestHandler {
  return (req, res, next) => {
    const verified = keys.verify(bearerToken(req));
    if (verified !== undefined) setVerifiedApiKey(res, verified);
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
