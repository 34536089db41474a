import type { Response } from 'express';

/** Who a verified API key is: its identity (for rate limits and logs) and the tenant whose orders it acts on. */
export interface VerifiedKey {
  identity: string;
  tenant: string;
}

/** Records the request's verified key for what follows (rate limit, routes, log lines). */
export function setVerifiedApiKey(res: Response, verified: VerifiedKey): void {
  res.locals.apiKey = verified;
}

/** The key `identifyApiKey` verified on this request, if any. */
export function verifiedApiKey(res: Response): VerifiedKey | undefined {
  return res.locals.apiKey as VerifiedKey | undefined;
}

/** The request's tenant for its log lines, once its key is verified. */
export function tenantOf(res: Response): { tenant?: string } {
  const tenant = verifiedApiKey(res)?.tenant;
  return tenant === undefined ? {} : { tenant };
}
