import { z } from 'zod';
import { DURATION_PATTERN, formatDuration, parseDuration } from '../duration';
import type { Config } from '../config';
import type { DurationBounds, OrderPolicy, OrderRequest } from '../domain';
import {
  DEADLINE_BOUNDS,
  isCalendarDate,
  latestClosingDate,
  MAX_EMPLOYERS,
  MAX_REVERIFY_BUSINESS_DAYS,
  MAX_WATERFALL_STEPS,
  MIN_REVERIFY_BUSINESS_DAYS,
  POLL_INTERVAL_BOUNDS,
  ssnLast4,
  STEP_DEADLINE_MIN,
  VERIFICATION_TYPES,
  WATERFALL_NAME_PATTERN,
} from '../domain';
import { findProvider, PROVIDER_NAMES, PROVIDERS } from '../providers/registry';
import type { FieldError } from './errors';

// Checked as sent, then trimmed: every check is one /openapi.json can state (a trim-then-measure check is not).
const text = (max: number) =>
  z.string().max(max, `must be at most ${max} characters`).regex(/\S/, 'must not be blank').trim();
const optionalText = (max: number) => text(max).optional();

/**
 * An email address as RFC 5321 bounds it (local part ≤ 64, labels ≤ 63 and not ending in a hyphen, ≤ 254 in all):
 * stricter than zod's default, so that everything the API accepts is an email by the document's own `format` too
 * (the document carries this pattern).
 */
const EMAIL =
  /^(?=.{1,254}$)(?!\.)(?!.*\.\.)[A-Za-z0-9_'+\-.]{0,63}[A-Za-z0-9_+-]@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const duration = z.string().regex(DURATION_PATTERN, 'must be a duration such as 30s, 15m, 6h, 7d or ISO 8601');

/** True unless `text` is a duration outside `minMs`–`maxMs` (one that is no duration has its own error). */
const within = (minMs: number, maxMs: number) => (text: string) => {
  const ms = parseDuration(text);
  return ms === undefined || (ms >= minMs && ms <= maxMs);
};

/** A duration of an order's options, within its bounds; `/openapi.json` states them in the description. */
const boundedDuration = ({ min, max, minMs, maxMs }: DurationBounds, description: string) =>
  duration
    .refine(within(minMs, maxMs), `must be between ${min} and ${max}`)
    .meta({ description: `${description}; ${min} to ${max}` });

/** The error of a `step_deadline` outside 10s–the order's deadline (`deadline`, the order's or the configured one). */
const stepDeadlineMessage = (deadline: string) =>
  `must be between ${STEP_DEADLINE_MIN.text} and the order's deadline, ${deadline}`;

/**
 * A loan's closing date: a real day of the calendar, `YYYY-MM-DD` (`2026-02-30` is refused), from the year 2000 (the
 * federal-holiday rules and time-zone offsets of the due day are the modern ones; year 1 has no business days before
 * it to count).
 */
export const closingDateSchema = z
  .string()
  .regex(/^2\d{3}-\d{2}-\d{2}$/, 'must be a date from 2000 on, YYYY-MM-DD')
  .refine(isCalendarDate, 'must be a date of the calendar, YYYY-MM-DD')
  .meta({
    format: 'date',
    description: "at most a year after today (the lender's calendar day, VOIE_TIMEZONE); further is 400",
  });

/** The message of a closing date further than {@link latestClosingDate}. */
export const CLOSING_DATE_TOO_FAR = 'must be at most a year ahead';

/** `closing_date` at most a year after `today`, the lender's calendar day (see `todayIn`). */
export function closingDateErrors(closingDate: string | null | undefined, today: string): FieldError[] {
  return closingDate && closingDate > latestClosingDate(today)
    ? [{ field: 'closing_date', message: `${CLOSING_DATE_TOO_FAR} (${latestClosingDate(today)} at the latest)` }]
    : [];
}

/** `PATCH /v1/orders/{id}`: sets, moves (a date) or clears (`null`) the closing date. */
export const patchOrderSchema = z
  .strictObject({ closing_date: closingDateSchema.nullable() })
  .meta({ id: 'OrderPatch' });

/** The optional body of `POST /v1/orders/{id}/cancel`. */
export const cancelSchema = z.strictObject({ reason: optionalText(500) }).meta({ id: 'OrderCancel' });

/** The LOS's own id of an order; also a filter of `GET /v1/orders`. */
export const externalIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1–128 characters of A–Z, a–z, 0–9, ".", "_", ":" or "-"');

/**
 * The LOS's loan number; also a search attribute and a filter of `GET /v1/orders`. No control characters, quotes or
 * backslashes: they have no place in a loan number, and a NUL in a visibility query makes Temporal retry it for good.
 */
export const loanIdSchema = text(128).regex(
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  /^[^\u0000-\u001f\u007f'\\]*$/,
  'must be printable, without quotes or backslashes',
);

/** One employer, as `employer` or an item of `employers`. */
const employerSchema = z.strictObject({
  name: text(200),
  address: z
    .strictObject({
      line1: optionalText(200),
      line2: optionalText(200),
      city: optionalText(100),
      state: optionalText(50),
      postal_code: optionalText(20),
      country: z
        .string()
        .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as US')
        .optional(),
    })
    .optional(),
});

/** One of the registered providers (`src/providers/registry.ts`). */
export const providerNameSchema = z.enum(PROVIDER_NAMES, { error: `must be one of ${PROVIDER_NAMES.join(', ')}` });

/** How many providers one waterfall may try in turn. */
export const MAX_WATERFALL_PROVIDERS = MAX_WATERFALL_STEPS;

/** How long a waterfall step may take when the order does not say (`options.step_deadline`). */
export const DEFAULT_STEP_DEADLINE = '72h';

/** The providers of a waterfall, tried in this order; no provider twice. */
const providersSchema = z
  .array(providerNameSchema)
  .min(1, 'must name at least one provider')
  .max(MAX_WATERFALL_PROVIDERS, `must name at most ${MAX_WATERFALL_PROVIDERS} providers`)
  .refine((names) => new Set(names).size === names.length, 'must not name a provider twice')
  .meta({ uniqueItems: true });

/**
 * The fields each provider needs beyond the common ones, as JSON Schema `if`/`then` for `/openapi.json`: whether the
 * provider is `provider` or one step of `providers`.
 */
const providerRequirements: object[] = PROVIDERS.filter((provider) => provider.requiredOrderFields.length).flatMap(
  (provider) => [
    {
      if: { properties: { provider: { const: provider.name } }, required: ['provider'] },
      then: { required: [...provider.requiredOrderFields] },
    },
    {
      if: { properties: { providers: { contains: { const: provider.name } } }, required: ['providers'] },
      then: { required: [...provider.requiredOrderFields] },
    },
  ],
);

/** `POST /v1/orders` as the contract defines it. Unknown fields are refused so a misspelt option is never ignored. */
export const orderRequestSchema = z
  .strictObject({
    external_id: externalIdSchema,
    provider: providerNameSchema.optional(),
    providers: providersSchema.optional(),
    waterfall: z
      .string()
      .regex(WATERFALL_NAME_PATTERN, 'must be the name of a waterfall VOIE_WATERFALLS defines')
      .meta({ description: 'a named waterfall of VOIE_WATERFALLS, instead of provider or providers' })
      .optional(),
    type: z.enum(VERIFICATION_TYPES).default('employment-income'),
    permissible_purpose: optionalText(64),
    use_case: text(64).default('mortgage'),
    loan_id: loanIdSchema.optional(),
    applicant: z.strictObject({
      first_name: text(100),
      last_name: text(100),
      ssn: z
        .string()
        .regex(/^([0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{9})$/, 'must be NNN-NN-NNNN or 9 digits')
        .transform((ssn) => {
          const digits = ssn.replace(/-/g, '');
          return `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
        }),
      date_of_birth: z.iso.date('must be a date, YYYY-MM-DD').optional(),
      email: z.email({ pattern: EMAIL, error: 'must be an email address' }).optional(),
      phone: z
        .string()
        .regex(/^\+?[0-9 ().-]{7,20}$/, 'must be a phone number')
        .optional(),
    }),
    employer: employerSchema.optional(),
    employers: z
      .array(employerSchema)
      .min(1, 'must name at least one employer')
      .max(MAX_EMPLOYERS, `must name at most ${MAX_EMPLOYERS} employers`)
      .optional(),
    callback_url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(2048)
      .optional(),
    closing_date: closingDateSchema.optional(),
    options: z
      .strictObject({
        cancel_on_action_required: z.boolean().optional(),
        poll_interval: boundedDuration(
          POLL_INTERVAL_BOUNDS,
          'first silence after which the provider is polled; default VOIE_POLL_INTERVAL',
        ).optional(),
        deadline: boundedDuration(
          DEADLINE_BOUNDS,
          'time from the start after which an open order is canceled and ends expired; default VOIE_ORDER_DEADLINE',
        ).optional(),
        step_deadline: duration
          .refine(within(STEP_DEADLINE_MIN.ms, DEADLINE_BOUNDS.maxMs), stepDeadlineMessage('at most 90d'))
          .meta({
            description:
              `how long each step of a waterfall may take; default ${DEFAULT_STEP_DEADLINE}; ` +
              `${STEP_DEADLINE_MIN.text} to the order's deadline`,
          })
          .optional(),
        reverify_business_days_before_closing: z
          .int()
          .min(MIN_REVERIFY_BUSINESS_DAYS)
          .max(MAX_REVERIFY_BUSINESS_DAYS)
          .meta({ description: 'with closing_date: US federal business days before it; default 5' })
          .optional(),
        reuse: z
          .boolean()
          .meta({
            description:
              "re-verify this tenant's verification of the same borrower and employer at the step's provider, within " +
              "the provider's free window (Truework 90 days, Truv 90 days), instead of creating a provider order; " +
              'default VOIE_REUSE (off)',
          })
          .optional(),
      })
      .default({}),
  })
  .superRefine((body, ctx) => {
    if (body.employer && body.employers) {
      ctx.addIssue({
        code: 'custom',
        path: ['employer'],
        message: 'must not be sent with employers: send one of them',
      });
      ctx.addIssue({
        code: 'custom',
        path: ['employers'],
        message: 'must not be sent with employer: send one of them',
      });
    } else if (!body.employer && !body.employers) {
      ctx.addIssue({ code: 'custom', path: ['employers'], message: 'required (or employer, for one employer)' });
    }
    const routes = ROUTE_FIELDS.filter((field) => body[field] !== undefined);
    if (routes.length > 1) {
      for (const field of routes) {
        const others = routes.filter((other) => other !== field).join(' or ');
        ctx.addIssue({ code: 'custom', path: [field], message: `must not be sent with ${others}: send one of them` });
      }
    } else if (routes.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['provider'],
        message: 'required (or providers, for a waterfall, or waterfall, for a named one)',
      });
    }
    const { deadline, step_deadline: stepDeadline } = body.options;
    const stepDeadlineMs = stepDeadline === undefined ? undefined : parseDuration(stepDeadline);
    const deadlineMs = deadline === undefined ? undefined : parseDuration(deadline);
    if (stepDeadlineMs !== undefined && deadlineMs !== undefined && stepDeadlineMs > deadlineMs) {
      ctx.addIssue({ code: 'custom', path: ['options', 'step_deadline'], message: stepDeadlineMessage(deadline!) });
    }
    for (const error of requiredFieldErrors(body, body.providers ?? (body.provider ? [body.provider] : []))) {
      ctx.addIssue({ code: 'custom', path: [error.field], message: error.message });
    }
  })
  .meta({
    id: 'OrderRequest',
    allOf: [
      { oneOf: [{ required: ['employer'] }, { required: ['employers'] }] },
      { oneOf: [{ required: ['provider'] }, { required: ['providers'] }, { required: ['waterfall'] }] },
      ...providerRequirements,
    ],
  });

export type OrderRequestBody = z.infer<typeof orderRequestSchema>;

/** The fields that say who verifies: one provider, a waterfall of them, or a named waterfall; exactly one of them. */
const ROUTE_FIELDS = ['provider', 'providers', 'waterfall'] as const;

/** The fields `providers` need that the body lacks (`ProviderModule.requiredOrderFields`), each named once. */
function requiredFieldErrors(body: Omit<OrderRequestBody, 'options'>, providers: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const name of new Set(providers)) {
    for (const field of findProvider(name)?.requiredOrderFields ?? []) {
      if (body[field as keyof typeof body] === undefined && !errors.some((error) => error.field === field)) {
        errors.push({ field, message: `required for ${name} orders` });
      }
    }
  }
  return errors;
}

/**
 * The body as the idempotency fingerprint reads it: one employer is the same order whether it came as `employer` or
 * as `employers` of one, and one provider whether it came as `provider` or as `providers` of one. Each is written the
 * way every body was before (`employer`, `provider`), so an order placed then and POSTed again now still matches its
 * fingerprint.
 */
export function fingerprintedBody(body: OrderRequestBody): OrderRequestBody {
  const { employers, providers, ...rest } = body;
  return {
    ...rest,
    ...(employers?.length === 1 ? { employer: employers[0] } : employers ? { employers } : {}),
    ...(providers?.length === 1 ? { provider: providers[0] } : providers ? { providers } : {}),
  };
}

/**
 * The providers of the order, in the order they are tried: the named waterfall's steps, `providers`, or the one
 * `provider`. A waterfall name `config` does not define has none (`orderBoundErrors` refuses it first).
 */
export function orderProviders(body: OrderRequestBody, config: Pick<Config, 'waterfalls'>): string[] {
  if (body.waterfall !== undefined) return namedWaterfall(body.waterfall, config)?.steps.map((s) => s.provider) ?? [];
  return body.providers ?? [body.provider!];
}

/** The waterfall `VOIE_WATERFALLS` defines under `name`, if any (own names only: `constructor` is none). */
function namedWaterfall(name: string, config: Pick<Config, 'waterfalls'>) {
  return Object.hasOwn(config.waterfalls, name) ? config.waterfalls[name] : undefined;
}

/**
 * The bounds the schema cannot check alone, which need the configuration and the lender's `today`: a `step_deadline`
 * within the configured deadline when the order gives none, and the closing date at most a year ahead.
 */
export function orderBoundErrors(
  body: OrderRequestBody,
  config: Pick<Config, 'orderDeadlineMs' | 'waterfalls'>,
  today: string,
): FieldError[] {
  if (body.waterfall !== undefined) {
    const named = namedWaterfall(body.waterfall, config);
    if (!named) {
      const known = Object.keys(config.waterfalls);
      const choice = known.length ? `one of ${known.join(', ')}` : 'none is configured (VOIE_WATERFALLS)';
      return [{ field: 'waterfall', message: `${body.waterfall} is not a waterfall of this voie: ${choice}` }];
    }
    const missing = requiredFieldErrors(
      body,
      named.steps.map((step) => step.provider),
    );
    if (missing.length > 0) return missing;
  }
  const { deadline, step_deadline: stepDeadline } = body.options;
  const stepDeadlineMs = stepDeadline === undefined ? undefined : parseDuration(stepDeadline);
  const stepErrors =
    deadline === undefined && stepDeadlineMs !== undefined && stepDeadlineMs > config.orderDeadlineMs
      ? [{ field: 'options.step_deadline', message: stepDeadlineMessage(formatDuration(config.orderDeadlineMs)) }]
      : [];
  return [...stepErrors, ...closingDateErrors(body.closing_date, today)];
}

/** Every issue, named by its field path. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: base ? `${base}.${key}` : key, message: 'is not a known field' }));
    }
    return [{ field: base || '(body)', message: issue.path.length ? issue.message : `must be a JSON object` }];
  });
}

/**
 * The order and its policy with every default resolved. The request always carries `employers`, however the LOS
 * sent them, so nothing past the API has to know the shorthand. `provider` is the first step's; `providers` and the
 * waterfall's policy are there only for a waterfall of several providers, so an order of one provider resolves as it
 * did before waterfalls, however it was sent.
 */
export function resolveOrder(body: OrderRequestBody, config: Config): { request: OrderRequest; policy: OrderPolicy } {
  const { options, employer, employers, providers: _sent, waterfall: name, applicant, ...rest } = body;
  const providers = orderProviders(body, config);
  const named = name === undefined ? undefined : namedWaterfall(name, config);
  const stepDeadlinesMs = named?.steps.map((step) => step.stepDeadlineMs ?? null);
  const accounts = providers.flatMap((provider) => {
    const account = findProvider(provider)!.account;
    return account ? [[provider, account] as [string, string]] : [];
  });
  const needs = providers.flatMap((provider) => {
    const fields = findProvider(provider)!.neededApplicantFields ?? [];
    return fields.length ? [[provider, fields.map(String)] as [string, string[]]] : [];
  });
  const first = providers[0]!;
  const waterfall = providers.length > 1;
  const pollIntervalMs = options.poll_interval ? parseDuration(options.poll_interval)! : config.pollIntervalMs;
  return {
    request: {
      ...rest,
      // Past the API the SSN is sealed (see FieldSealingCodec): the view's last four digits travel beside it.
      applicant: { ...applicant, ssn_last4: ssnLast4(applicant.ssn) },
      provider: first,
      ...(waterfall ? { providers } : {}),
      ...(name !== undefined ? { waterfall: name } : {}),
      employers: employers ?? (employer ? [employer] : []),
    },
    policy: {
      employersPerProviderOrder: findProvider(first)!.employersPerOrder,
      cancelOnActionRequired: options.cancel_on_action_required ?? true,
      pollIntervalMs,
      pollIntervalMaxMs: Math.max(config.pollIntervalMaxMs, pollIntervalMs),
      // A named waterfall of one step is an order of one provider: its step's deadline is the order's.
      deadlineMs: options.deadline
        ? parseDuration(options.deadline)!
        : ((waterfall ? undefined : stepDeadlinesMs?.[0]) ?? config.orderDeadlineMs),
      reverifyBusinessDays: options.reverify_business_days_before_closing ?? config.reverifyBusinessDays,
      timeZone: config.timeZone,
      reverifyWindowMs: config.reverifyWindowMs,
      ...(config.providerPrices ? { prices: config.providerPrices } : {}),
      ...((options.reuse ?? config.reuse) ? { reuseWindowMsOf: reuseWindows(providers) } : {}),
      ...(waterfall
        ? {
            employersPerProviderOrderOf: Object.fromEntries(
              providers.map((name) => [name, findProvider(name)!.employersPerOrder]),
            ),
            stepDeadlineMs: parseDuration(options.step_deadline ?? DEFAULT_STEP_DEADLINE)!,
            ...(stepDeadlinesMs?.some((ms) => ms !== null) ? { stepDeadlinesMs } : {}),
          }
        : {}),
      ...(accounts.length ? { providerAccounts: Object.fromEntries(accounts) } : {}),
      ...(needs.length ? { neededApplicantFieldsOf: Object.fromEntries(needs) } : {}),
    },
  };
}

/** The free re-verification window of each of the order's providers that has one. */
function reuseWindows(providers: readonly string[]): Record<string, number> {
  return Object.fromEntries(
    providers.flatMap((name) => {
      const days = findProvider(name)?.freeReverificationDays;
      return days === undefined ? [] : [[name, days * 86_400_000]];
    }),
  );
}
