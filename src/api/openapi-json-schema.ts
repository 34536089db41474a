import type { z } from 'zod';
import type { CreateDocumentOptions } from 'zod-openapi';
import { providerNameSchema } from '../domain/contract/provider-name';
import { PROVIDER_NAMES } from '../providers/registry';

/**
 * How `/openapi.json` renders the zod schemas the API validates with: a request's as sent (`input`), an answer's as
 * voie sends it (`output`), the one `createDocument` picks by where the schema stands.
 */
export const documentOptions: CreateDocumentOptions = {
  // The domain's shapes take any provider name; this voie's are the registered ones.
  override: ({ zodSchema, jsonSchema }) => {
    if (zodSchema === providerNameSchema) jsonSchema.enum = [...PROVIDER_NAMES];
  },
};

/** A JSON body of that schema, as the `content` of a request or response. */
export const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
