import { z } from 'zod';
import { isSubscribableEvent } from '../../../src/providers/truv/events';
import type { Reply } from '../kit';
import { issuePath, isRecord, queryParameter } from '../kit';
import type { InvalidParam } from './replies';
import { invalid } from './replies';

// What Truv accepts, with the messages its validators give: every bad field at once, in `extra.invalid-params`.

const REQUIRED = 'This field is required.';
const NOT_A_STRING = 'Not a valid string.';
const NOT_A_LIST = 'Expected a non-empty list.';
const PRODUCTS: readonly unknown[] = [
  'income',
  'employment',
  'assets',
  'deposit_switch',
  'pll',
  'insurance',
  'transactions',
];
const ENV_TYPES: readonly unknown[] = ['sandbox', 'dev', 'prod'];

const optionalString = z
  .string({ error: NOT_A_STRING })
  .nullish()
  .transform((value) => value ?? null);
const personName = z
  .string({ error: (issue) => (issue.input == null ? REQUIRED : NOT_A_STRING) })
  .min(1, REQUIRED)
  .max(50, 'Ensure this field has no more than 50 characters.');

/** The last four or all nine digits; absent or blank is null. Never echoed: error bodies end up in logs. */
const ssnDigits = z
  .unknown()
  .optional()
  .transform((value, ctx) => {
    if (value == null || value === '') return null;
    if (typeof value === 'string' && /^(\d{3}-?\d{2}-?\d{4}|\d{4})$/.test(value)) return value.replace(/-/g, '');
    ctx.addIssue({ code: 'custom', message: 'Enter the last 4 or all 9 digits of the social security number.' });
    return z.NEVER;
  });

const employer = z.object(
  {
    company_name: optionalString,
    company_address: z
      .object(
        {
          street: optionalString,
          city: optionalString,
          state: optionalString,
          zip: optionalString,
          country: optionalString.transform((country) => country ?? 'US'),
        },
        { error: 'Expected an object.' },
      )
      .nullish()
      .transform((address) => address ?? null),
    suborder_number: optionalString,
  },
  { error: 'Expected an object.' },
);

const createBody = z
  .object({
    products: z
      .array(z.unknown(), { error: (issue) => (issue.input == null ? REQUIRED : NOT_A_LIST) })
      .min(1, NOT_A_LIST)
      .superRefine((products, ctx) => {
        // Each bad product is named on `products` itself, not on its index.
        for (const product of products) {
          if (!PRODUCTS.includes(product)) ctx.addIssue({ code: 'custom', message: 'Not a valid choice.' });
        }
      })
      .transform((products) => products.filter((product): product is string => typeof product === 'string')),
    first_name: personName,
    last_name: personName,
    // Both spellings are read (see the client).
    ssn: ssnDigits,
    social_security_number: ssnDigits,
    email: optionalString,
    phone: optionalString,
    order_number: optionalString,
    external_user_id: optionalString,
    employers: z
      .array(employer, { error: 'Expected a list.' })
      .nullish()
      .transform((employers) => employers ?? []),
  })
  .superRefine((body, ctx) => {
    if (body.ssn !== null && body.social_security_number !== null && body.ssn !== body.social_security_number) {
      ctx.addIssue({
        code: 'custom',
        path: ['social_security_number'],
        message: 'Does not match the other SSN field.',
      });
    }
  });

/** A valid order create body. */
export type CreateBody = z.infer<typeof createBody>;

const text = (max: number) =>
  z
    .string({ error: (issue) => (issue.input == null ? REQUIRED : NOT_A_STRING) })
    .min(1, { error: NOT_A_STRING, abort: true })
    .max(max, { error: `Ensure this field has no more than ${max} characters.`, abort: true });

const webhookFields = {
  name: text(128),
  webhook_url: text(2048).regex(/^https?:\/\/[^\s/]+/, 'Enter a valid URL.'),
  env_type: text(16).refine((envType) => ENV_TYPES.includes(envType), 'Not a valid choice.'),
};
const webhookEvents = z
  .array(z.unknown(), { error: 'Expected a list of items.' })
  .refine((events) => events.every(isSubscribableEvent), 'Not a valid choice.')
  .transform((events) => [...new Set(events.filter(isSubscribableEvent))])
  .nullish()
  .transform((events) => events ?? undefined);

const newWebhook = z.object({ ...webhookFields, events: webhookEvents });
const webhookChanges = z.object({
  name: webhookFields.name.nullish(),
  webhook_url: webhookFields.webhook_url.nullish(),
  env_type: webhookFields.env_type.nullish(),
  events: webhookEvents,
});

/** A webhook subscription to create. */
export type NewWebhook = z.infer<typeof newWebhook>;
/** The fields of a subscription to change; the others are left as they are. */
export type WebhookChanges = { [K in keyof NewWebhook]?: NonNullable<NewWebhook[K]> };

const reportRequest = z.object({ is_voe: z.boolean({ error: 'Must be a valid boolean.' }).optional() });
const listQuery = z.object({ order_number: queryParameter(z.string().optional()) });
const reportQuery = z.object({
  fmt: queryParameter(z.enum(['json', 'pdf'], { error: 'Not a valid choice.' }).optional()),
});

const REFRESH_PRODUCTS = ['income', 'employment', 'assets', 'insurance', 'transactions'] as const;
const refreshBody = z.object({
  products: z
    .array(z.enum(REFRESH_PRODUCTS, { error: 'Not a valid choice.' }), { error: 'Expected a list of one product.' })
    .length(1, 'Exactly one product can be refreshed.'),
  employers: z
    .array(
      z.union([z.object({ id: z.string() }), z.object({ suborder_number: z.string() })], {
        error: 'Each employer needs an id or a suborder_number.',
      }),
      { error: 'Expected a list.' },
    )
    .optional(),
});

/** A data refresh of an order: the one product refreshed, and which of its employers (all when absent). */
export type RefreshBody = z.infer<typeof refreshBody>;

/** A parsed input, or the 400 that refuses it. */
export type Parsed<T> = { value: T } | { reply: Reply };

const NOT_AN_OBJECT: InvalidParam = { field: 'non_field_errors', message: 'Expected a JSON object.' };

/** Reads an order create body; a body that is not an object is reported, and read as `{}` for the rest. */
export function parseCreate(body: unknown): Parsed<CreateBody> {
  const parsed = createBody.safeParse(isRecord(body) ? body : {});
  const params = [...(body === undefined || isRecord(body) ? [] : [NOT_AN_OBJECT]), ...paramsOf(parsed.error)];
  return parsed.success && params.length === 0 ? { value: parsed.data } : { reply: invalid(params) };
}

/** Reads a data refresh body (`POST /v1/orders/{id}/`). */
export function parseRefresh(body: unknown): Parsed<RefreshBody> {
  return isRecord(body) ? answer(refreshBody.safeParse(body)) : { reply: invalid([NOT_AN_OBJECT]) };
}

/** Reads a webhook subscription to create. */
export function parseNewWebhook(body: unknown): Parsed<NewWebhook> {
  return isRecord(body) ? answer(newWebhook.safeParse(body)) : { reply: invalid([NOT_AN_OBJECT]) };
}

/** Reads a PATCH of a webhook subscription, where nothing is required and null leaves a field as it is. */
export function parseWebhookChanges(body: unknown): Parsed<WebhookChanges> {
  if (!isRecord(body)) return { reply: invalid([NOT_AN_OBJECT]) };
  const parsed = answer(webhookChanges.safeParse(body));
  if ('reply' in parsed) return parsed;
  const changes: WebhookChanges = {};
  const { name, webhook_url: webhookUrl, env_type: envType, events } = parsed.value;
  if (name != null) changes.name = name;
  if (webhookUrl != null) changes.webhook_url = webhookUrl;
  if (envType != null) changes.env_type = envType;
  if (events !== undefined) changes.events = events;
  return { value: changes };
}

/** Reads a user report request; a body that is not an object asks for the default (income) report. */
export function parseReportRequest(body: unknown): Parsed<{ isVoe: boolean }> {
  const parsed = answer(reportRequest.safeParse(isRecord(body) ? body : {}));
  return 'reply' in parsed ? parsed : { value: { isVoe: parsed.value.is_voe === true } };
}

/** Reads the order list's query: an optional `order_number`. */
export function parseListQuery(query: unknown): Parsed<{ orderNumber: string | undefined }> {
  const parsed = answer(listQuery.safeParse(query));
  return 'reply' in parsed ? parsed : { value: { orderNumber: parsed.value.order_number } };
}

/** Reads a report read's query: `fmt=pdf` asks for the PDF, `fmt=json` (or none) for JSON. */
export function parseReportQuery(query: unknown): Parsed<{ pdf: boolean }> {
  const parsed = answer(reportQuery.safeParse(query));
  return 'reply' in parsed ? parsed : { value: { pdf: parsed.value.fmt === 'pdf' } };
}

function answer<T>(parsed: z.ZodSafeParseResult<T>): Parsed<T> {
  return parsed.success ? { value: parsed.data } : { reply: invalid(paramsOf(parsed.error)) };
}

/** Zod's issues as Truv's `invalid-params`, each field named as a path: `employers[0].company_address.city`. */
function paramsOf(error: z.ZodError | undefined): InvalidParam[] {
  return (error?.issues ?? []).map((issue) => {
    const field = issuePath(issue).reduce<string>(
      (path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key),
      '',
    );
    return { field: field || 'non_field_errors', message: issue.message };
  });
}
