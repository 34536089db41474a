import { z } from 'zod';

/**
 * A provider's name in the contract's shapes. The domain does not list providers (`src/providers/registry.ts` does):
 * `/openapi.json` declares this schema as the registered names.
 */
export const providerNameSchema = z.string();
