import type { RequestHandler } from 'express';
import { safeEqual } from '../providers/constant-time';
import { ApiError } from './errors';

/** Requires `Authorization: Bearer <one of the API keys>`, compared in constant time. */
export function requireApiKey(apiKeys: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const given = match?.[1];
    const valid = given !== undefined && apiKeys.map((key) => safeEqual(given, key)).includes(true);
    if (!valid) {
      next(
        new ApiError(401, 'Unauthorized', 'send Authorization: Bearer <API key>', undefined, {
          'www-authenticate': 'Bearer',
        }),
      );
      return;
    }
    next();
  };
}
