import express, { Router, type RequestHandler } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { safeEqual } from '../providers/constant-time';
import { bearerToken } from './auth';
import { ApiError } from './errors';

/**
 * A codec request's body. Temporal's clients write it as proto3 JSON, which leaves out what is empty: a payload's
 * metadata and data (the UI sends them so), and the list itself when there are no payloads (the CLI's `workflow
 * metadata` decodes a query without arguments as `{}`).
 */
export const payloadsSchema = z.object({
  payloads: z
    .array(
      z.object({
        metadata: z.record(z.string(), z.string()).optional().default({}),
        data: z.string().optional().default(''),
      }),
    )
    .optional()
    .default([]),
});

/**
 * Temporal's remote codec protocol, so the Web UI shows decrypted payloads to operators who hold a codec key.
 * The key comes as `Authorization: Bearer KEY`, or in the path (`/codec/KEY/decode`) for a UI that cannot send
 * headers: configure the UI's codec endpoint as `https://voie…/codec/KEY`.
 */
export function codecRouter(deps: {
  codecs: readonly PayloadCodec[];
  keys: readonly string[];
  corsOrigins: readonly string[];
}): Router {
  const router = Router();
  const cors: RequestHandler = (req, res, next) => {
    const origin = req.get('origin');
    if (origin && deps.corsOrigins.includes(origin)) {
      res.set({
        'access-control-allow-origin': origin,
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'content-type, x-namespace, authorization',
        'access-control-allow-credentials': 'true',
        'access-control-max-age': '600',
        vary: 'Origin',
      });
    }
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
  // The key is checked before the body (up to 4 MB) is read; a refusal closes the connection instead of draining it.
  const authorize: RequestHandler = (req, _res, next) => {
    const given = (req.params as { key?: string }).key ?? bearerToken(req);
    const valid = given !== undefined && deps.keys.map((key) => safeEqual(given, key)).includes(true);
    if (valid) {
      next();
      return;
    }
    next(
      new ApiError(401, 'Unauthorized', 'a codec key is required to read payloads', undefined, {
        'www-authenticate': 'Bearer',
        connection: 'close',
      }),
    );
  };
  const body = express.json({ limit: '4mb', type: () => true });
  const route = (operation: 'encode' | 'decode'): RequestHandler => {
    return async (req, res) => {
      const parsed = payloadsSchema.safeParse(req.body);
      if (!parsed.success)
        throw new ApiError(400, 'Bad Request', 'the body must be {"payloads": [{"metadata": {...}, "data": "..."}]}');
      const payloads: Payload[] = parsed.data.payloads.map((payload) => ({
        metadata: Object.fromEntries(Object.entries(payload.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
        data: Buffer.from(payload.data, 'base64'),
      }));
      let result = payloads;
      try {
        // Codecs encode in order and decode in reverse, as the SDK applies them.
        const chain = operation === 'encode' ? deps.codecs : [...deps.codecs].reverse();
        for (const codec of chain) result = await codec[operation](result);
      } catch (err) {
        throw new ApiError(
          422,
          'Unprocessable Content',
          err instanceof Error ? err.message : 'payloads could not be processed',
        );
      }
      res.json({
        payloads: result.map((payload) => ({
          metadata: Object.fromEntries(
            Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
          ),
          data: Buffer.from(payload.data ?? []).toString('base64'),
        })),
      });
    };
  };
  router.use(cors);
  for (const operation of ['encode', 'decode'] as const) {
    router.post(`/${operation}`, authorize, body, route(operation));
    router.post(`/:key/${operation}`, authorize, body, route(operation));
  }
  return router;
}
