import { z } from 'zod';
import { providerNameSchema } from '../domain/contract/provider-name';
import { PROVIDER_NAMES } from '../providers/registry';

/** A JSON Schema, as `/openapi.json` states it. */
export type JsonSchema = Record<string, unknown>;

/** A zod schema the API validates with, as the JSON Schema of `/openapi.json`. */
export const jsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema => {
  // One schema inside another document: the dialect is the document's (OpenAPI 3.1), not repeated per schema.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    // The domain's shapes take any provider name; this voie's are the registered ones.
    override: ({ zodSchema, jsonSchema: declared }) => {
      if (zodSchema === providerNameSchema) declared.enum = [...PROVIDER_NAMES];
    },
  });
  return rest;
};

/** A JSON body of that schema, as the `content` of a request or response. */
export const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') => ({
  'application/json': { schema: jsonSchema(schema, io) },
});

/** A zod object schema of a query string as OpenAPI query parameters, constraints and all. */
export function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const { properties = {}, required = [] } = jsonSchema(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.includes(name),
    schema: property,
  }));
}
