import { z } from 'zod';
import { firstString } from './values';

/**
 * Reads a missing or null value as an empty object, so that a body or a nested object left out names each of its
 * required fields as missing, as the providers' validators do.
 */
export function orEmpty<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => value ?? {}, schema);
}

/** A query parameter: its value, or its first when repeated; anything else counts as absent. */
export function queryParameter<T extends z.ZodType>(schema: T) {
  return z.preprocess(firstString, schema);
}

/** A zod issue's path as the simulator reports it: object keys and array indexes, in order. */
export function issuePath(issue: z.core.$ZodIssue): (string | number)[] {
  return issue.path.filter((key): key is string | number => typeof key !== 'symbol');
}
