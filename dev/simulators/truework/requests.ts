import { z } from 'zod';
import type { Reply } from '../kit';
import { issuePath, isRecord, orEmpty, queryParameter } from '../kit';
import type { InvalidFields } from './replies';
import { invalidFields } from './replies';
import type { SandboxAddress } from './sandbox-fixtures';
import { normalizeSsn, sandboxScenario } from './sandbox-fixtures';

// What Truework accepts, with the messages its validators give: every bad field at once, nested like the body.

const REQUIRED = 'This field is required.';
const NOT_SANDBOX_SSN = 'Not a sandbox test SSN.';
export const CANCEL_REASONS = ['immediate', 'high-turnaround-time', 'competitor', 'wrong-info', 'other'] as const;
const ORDER_TYPES = ['employment-income', 'employment', 'tenant-screening'] as const;
const PERMISSIBLE_PURPOSES = [
  'child-support',
  'credit-application',
  'employee-eligibility',
  'employee-request',
  'employee-review-or-collection',
  'employment',
  'insurance-underwriting-application',
  'legitimate-reason-initiated',
  'legitimate-reason-review',
  'risk-assessment',
  'subpoena',
] as const;
const USE_CASES = [
  'mortgage',
  'home-equity',
  'background',
  'tenant',
  'government',
  'auto',
  'lending',
  'credit',
  'identity',
  'insurance',
  'health',
  'offers',
  'account-management',
  'preapproval',
] as const;
const VERIFICATION_METHODS: readonly string[] = ['instant', 'credentials', 'smart-outreach', 'documents'];
const DEFAULT_VERIFICATION_METHODS = ['instant', 'smart-outreach', 'credentials'];

const requiredString = z
  .string({ error: (issue) => (issue.input == null ? REQUIRED : 'Must be a string.') })
  .min(1, REQUIRED);
const optionalString = z
  .string({ error: 'Must be a string or null.' })
  .nullish()
  .transform((value) => value ?? null);
const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    error: (issue) => {
      if (issue.input == null || issue.input === '') return REQUIRED;
      return typeof issue.input === 'string' ? 'Not a valid choice.' : 'Must be a string.';
    },
  });

/** Never echoes the SSN: error bodies end up in logs. */
const sandboxSsn = requiredString.transform((ssn, ctx) => {
  const digits = normalizeSsn(ssn);
  const scenario = digits === null ? null : sandboxScenario(digits);
  if (digits === null || scenario === null) {
    const message =
      digits === null ? 'Enter a valid social security number (NNN-NN-NNNN or 9 digits).' : NOT_SANDBOX_SSN;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  }
  return { digits, scenario };
});

const address = z
  .object(
    {
      address: optionalString,
      extended_address: optionalString,
      city: optionalString,
      country_subdivision_code: optionalString,
      country_code: optionalString,
      postal_code: optionalString,
    },
    { error: 'Must be an object or null.' },
  )
  .nullish()
  .transform((value): SandboxAddress | null => value ?? null);

const methodsMessage = `Must be a non-empty list of: ${VERIFICATION_METHODS.join(', ')}.`;
const verificationMethods = z.custom<string[]>(
  (value) =>
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((method) => typeof method === 'string' && VERIFICATION_METHODS.includes(method)),
  methodsMessage,
);

const authorizationForm = z.custom<{ filename: string; content: string }>(
  (form) => isRecord(form) && typeof form['filename'] === 'string' && typeof form['content'] === 'string',
  'Each form needs a filename and base64 content.',
);

const createBody = z.object({
  type: choice(ORDER_TYPES),
  permissible_purpose: choice(PERMISSIBLE_PURPOSES),
  use_case: choice(USE_CASES),
  target: orEmpty(
    z.object(
      {
        first_name: requiredString,
        last_name: requiredString,
        social_security_number: sandboxSsn,
        date_of_birth: optionalString.refine(
          (date) => date === null || /^\d{4}-\d{2}-\d{2}$/.test(date),
          'Date has wrong format. Use YYYY-MM-DD.',
        ),
        contact_email: optionalString,
        phone_number: optionalString,
        company: orEmpty(z.object({ name: requiredString, address }, { error: 'Must be an object.' })),
      },
      { error: 'Must be an object.' },
    ),
  ),
  loan_id: optionalString,
  search_key: optionalString,
  additional_information: optionalString,
  tenant_property_id: optionalString,
  metadata: z
    .record(z.string(), z.string({ error: 'Metadata values must be strings.' }), {
      error: 'Must be a flat object of strings.',
    })
    .nullish()
    .transform((metadata) => metadata ?? null),
  request_config: z
    .object({ allowed_verification_methods: verificationMethods.optional() }, { error: 'Must be an object.' })
    .nullish()
    .transform((config) => ({
      allowed_verification_methods: config?.allowed_verification_methods ?? DEFAULT_VERIFICATION_METHODS,
    })),
  authorization_forms: z
    .array(authorizationForm, { error: 'Must be a list.' })
    .nullish()
    .transform((forms) => forms?.map((form) => form.filename) ?? null),
  reseller_originating_party: z
    .unknown()
    .optional()
    .transform((party) => party ?? null),
});

/** An SSN in either shape Truework takes; an employer search finds nothing for any that is not in its table. */
const anySsn = requiredString.transform((ssn, ctx) => {
  const digits = normalizeSsn(ssn);
  if (digits === null) {
    ctx.addIssue({ code: 'custom', message: 'Enter a valid social security number (NNN-NN-NNNN or 9 digits).' });
    return z.NEVER;
  }
  return digits;
});

/** `POST /orders/employer-search`: the create's fields but the company, and a date of birth it needs. */
const searchBody = createBody.omit({ target: true, request_config: true, tenant_property_id: true }).extend({
  target: orEmpty(
    z.object(
      {
        first_name: requiredString,
        last_name: requiredString,
        social_security_number: anySsn,
        date_of_birth: requiredString.refine(
          (date) => /^\d{4}-\d{2}-\d{2}$/.test(date),
          'Date has wrong format. Use YYYY-MM-DD.',
        ),
        contact_email: optionalString,
        phone_number: optionalString,
      },
      { error: 'Must be an object.' },
    ),
  ),
});

/** A valid employer-search body: the SSN reduced to its digits. */
export type SearchBody = z.infer<typeof searchBody>;

/** A valid create body: the SSN reduced to its digits and the sandbox scenario they select. */
export type CreateBody = z.infer<typeof createBody>;

const cancelBody = z.object({
  cancellation_reason: z.enum(CANCEL_REASONS, {
    error: (issue) => (issue.input == null ? REQUIRED : `Must be one of: ${CANCEL_REASONS.join(', ')}.`),
  }),
  cancellation_details: z
    .string({ error: 'Must be a string.' })
    .nullish()
    .transform((details) => details ?? null),
});

const reverificationBody = z.object({ report_id: requiredString });

/** A reverification body: the id of the report to re-verify. */
export type ReverificationBody = z.infer<typeof reverificationBody>;

/** A cancel body Truework accepts. */
export type CancelBody = z.infer<typeof cancelBody>;

/** A whole-number query parameter; absent or blank is `fallback`. */
const wholeNumber = (fallback: number, message: string) =>
  queryParameter(z.string().regex(/^\d*$/, message).optional()).transform((value) =>
    value ? Number(value) : fallback,
  );
const positive = 'Enter a positive whole number.';

const searchQuery = z.object({
  search_key: queryParameter(z.string().optional()),
  limit: wholeNumber(25, positive).refine((limit) => limit > 0, positive),
  offset: wholeNumber(0, 'Enter a whole number that is zero or more.'),
});

/** The order search's query: `search_key`, and a page as `limit` and `offset`. */
export type SearchQuery = z.infer<typeof searchQuery>;

/** A parsed input, or the 400 that refuses it. */
export type Parsed<T> = { value: T } | { reply: Reply };

/** Reads an order create body; a body that is not an object is reported, and read as `{}` for the rest. */
export function parseCreate(body: unknown): Parsed<CreateBody> {
  const parsed = createBody.safeParse(isRecord(body) ? body : {});
  const issues = parsed.error?.issues ?? [];
  const invalid = invalidFieldsOf(issues);
  if (body !== undefined && !isRecord(body)) invalid['non_field_errors'] = ['Expected a JSON object.'];
  if (parsed.success && Object.keys(invalid).length === 0) return { value: parsed.data };
  const onlyNotSandbox = issues.length === 1 && issues[0]?.message === NOT_SANDBOX_SSN && !invalid['non_field_errors'];
  return {
    reply: invalidFields(
      invalid,
      onlyNotSandbox
        ? 'target.social_security_number is not a sandbox test SSN: use 000-00-000X (X 0-9), 000-01-XXXX or 000-03-XXXX'
        : undefined,
    ),
  };
}

/** Reads an employer-search body; a body that is not an object is read as `{}` (every required field missing). */
export function parseEmployerSearch(body: unknown): Parsed<SearchBody> {
  return answer(searchBody.safeParse(isRecord(body) ? body : {}));
}

/** Reads a cancel body; one that is not an object lacks its reason. */
export function parseCancel(body: unknown): Parsed<CancelBody> {
  return answer(cancelBody.safeParse(isRecord(body) ? body : {}));
}

/** Reads a reverification body; one that is not an object lacks its report id. */
export function parseReverification(body: unknown): Parsed<ReverificationBody> {
  return answer(reverificationBody.safeParse(isRecord(body) ? body : {}));
}

/** Reads the order search's query parameters. */
export function parseSearch(query: unknown): Parsed<SearchQuery> {
  return answer(searchQuery.safeParse(query));
}

function answer<T>(parsed: z.ZodSafeParseResult<T>): Parsed<T> {
  return parsed.success ? { value: parsed.data } : { reply: invalidFields(invalidFieldsOf(parsed.error.issues)) };
}

/** Zod's issues as Truework's `invalid_fields`: nested by path, the messages of each field in a list. */
function invalidFieldsOf(issues: readonly z.core.$ZodIssue[]): InvalidFields {
  const invalid: InvalidFields = {};
  for (const issue of issues) {
    const path = issuePath(issue).map(String);
    const field = path.pop() ?? 'non_field_errors';
    let node = invalid;
    for (const key of path) {
      const child = node[key];
      if (child === undefined || Array.isArray(child)) node = node[key] = {};
      else node = child;
    }
    const messages = node[field];
    if (Array.isArray(messages)) messages.push(issue.message);
    else node[field] = [issue.message];
  }
  return invalid;
}
