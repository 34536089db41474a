import { existsSync } from 'node:fs';
import { z } from 'zod';
import { CALLBACK_SECRET_PATTERN, MIN_CALLBACK_KEY_BYTES, callbackKeyBytes } from './callback-secrets';
import { parseDuration } from './duration';
import {
  DEADLINE_BOUNDS,
  DEFAULT_REVERIFY_BUSINESS_DAYS,
  MAX_WATERFALL_STEPS,
  MAX_REVERIFY_BUSINESS_DAYS,
  MIN_REVERIFY_BUSINESS_DAYS,
  POLL_INTERVAL_BOUNDS,
  parseTenantItem,
  REVERIFY_WINDOW_BOUNDS,
  STEP_DEADLINE_MIN,
  WATERFALL_NAME_PATTERN,
} from './domain';
import type { DurationBounds, ProviderPrices } from './domain';
import type { CallbackPolicy } from './net/callback-policy';
import { PRICE_KEYS, PROVIDER_NAMES } from './providers/registry';

/** One configured API key and the tenant it belongs to. */
export interface ApiKeyEntry {
  tenant: string;
  key: string;
}

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

/** A duration, in ms; within `bounds` when given (the defaults of an order's options have the options' bounds). */
function duration(fallback: string, bounds?: DurationBounds) {
  return z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration (use 30s, 15m, 6h, 7d or ISO 8601)` });
        return z.NEVER;
      }
      if (bounds && (ms < bounds.minMs || ms > bounds.maxMs)) {
        ctx.addIssue({ code: 'custom', message: `must be between ${bounds.min} and ${bounds.max}` });
        return z.NEVER;
      }
      return ms;
    });
}

const list = optionalText.transform((text) =>
  text
    ? text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : [],
);

/**
 * `VOIE_API_KEYS`: `TENANT:KEY` items (a bare `KEY` is the default tenant's). Errors name the item by position, never
 * by its text: that is a key.
 */
const apiKeyList = list.transform((items, ctx) => {
  const entries: ApiKeyEntry[] = [];
  items.forEach((item, index) => {
    const parsed = parseTenantItem(item);
    if (!parsed) {
      ctx.addIssue({
        code: 'custom',
        message: `item ${index + 1}: the tenant before ':' must be 1-32 of a-z, 0-9 and '-', followed by a key`,
      });
    } else if (entries.some((entry) => entry.key === parsed.value)) {
      ctx.addIssue({ code: 'custom', message: `item ${index + 1}: the same key is listed twice` });
    } else {
      entries.push({ tenant: parsed.tenant, key: parsed.value });
    }
  });
  return entries;
});

/**
 * `VOIE_PROVIDER_PRICES`: `KEY=DOLLARS` items (`truework=45,truv-refresh=0`), a price per completed provider order;
 * undefined when none is set. The keys are {@link PRICE_KEYS}; a bad item is named by its text (prices are no secret).
 */
const providerPriceList = list.transform((items, ctx): ProviderPrices | undefined => {
  const prices: Record<string, number> = {};
  for (const item of items) {
    const [key = '', price, ...rest] = item.split('=').map((part) => part.trim());
    const amount = Number(price);
    if (price === undefined || rest.length > 0) {
      ctx.addIssue({ code: 'custom', message: `"${item}" must be KEY=DOLLARS (such as truework=45)` });
    } else if (!PRICE_KEYS.includes(key)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${item}": unknown price key "${key}" (one of ${PRICE_KEYS.join(', ')})`,
      });
    } else if (price === '' || !Number.isFinite(amount) || amount < 0) {
      ctx.addIssue({ code: 'custom', message: `"${item}": the price must be a number of dollars, 0 or more` });
    } else if (key in prices) {
      ctx.addIssue({ code: 'custom', message: `"${item}": ${key} is priced twice` });
    } else {
      prices[key] = amount;
    }
  }
  return items.length > 0 ? prices : undefined;
});

/** One step of a named waterfall: its provider, and how long (ms) the step may take when it says. */
export interface WaterfallStep {
  provider: string;
  stepDeadlineMs?: number;
}

/** A named waterfall (`VOIE_WATERFALLS`): its steps, tried in turn until one verifies. */
export interface NamedWaterfall {
  steps: WaterfallStep[];
}

const waterfallStepSchema = z.strictObject({
  provider: z.enum(PROVIDER_NAMES, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a provider (one of ${PROVIDER_NAMES.join(', ')})`,
  }),
  step_deadline: z
    .string({ error: 'must be a duration such as 30s, 15m or 6h' })
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      const ms = parseDuration(text);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration (use 30s, 15m, 6h, 7d or ISO 8601)` });
        return z.NEVER;
      }
      if (ms < STEP_DEADLINE_MIN.ms || ms > DEADLINE_BOUNDS.maxMs) {
        ctx.addIssue({
          code: 'custom',
          message: `must be between ${STEP_DEADLINE_MIN.text} and ${DEADLINE_BOUNDS.max}`,
        });
        return z.NEVER;
      }
      return ms;
    }),
});

const namedWaterfallSchema = z.strictObject(
  {
    steps: z
      .array(waterfallStepSchema, { error: 'must be a list of steps' })
      .min(1, 'must have at least one step')
      .max(MAX_WATERFALL_STEPS, `must have at most ${MAX_WATERFALL_STEPS} steps`)
      .refine(
        (steps) => new Set(steps.map((step) => step.provider)).size === steps.length,
        'must not name a provider twice',
      )
      .refine(
        // A waterfall of one step is an order of one provider: its step deadline is the order's deadline.
        (steps) => steps.length > 1 || (steps[0]?.step_deadline ?? DEADLINE_BOUNDS.minMs) >= DEADLINE_BOUNDS.minMs,
        `of one step: its step_deadline is the order's deadline, at least ${DEADLINE_BOUNDS.min}`,
      ),
  },
  { error: 'must be an object with steps' },
);

/**
 * `VOIE_WATERFALLS`: JSON `{ "name": { "steps": [ { "provider", "step_deadline"? } ] } }`. Every error names the
 * waterfall (and the step) it is in.
 */
const waterfallsSetting = optionalText.transform((text, ctx): Record<string, NamedWaterfall> => {
  if (!text) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON: { "name": { "steps": [ { "provider": "…" } ] } }' });
    return z.NEVER;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object of named waterfalls' });
    return z.NEVER;
  }
  const waterfalls: Record<string, NamedWaterfall> = {};
  for (const [name, entry] of Object.entries(json)) {
    if (!WATERFALL_NAME_PATTERN.test(name)) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(name)}: a name must be 1-64 of a-z, 0-9, '-' and '_', starting with a letter or digit`,
      });
      continue;
    }
    const parsed = namedWaterfallSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
        ctx.addIssue({ code: 'custom', message: `${JSON.stringify(name)}: ${where}${issue.message}` });
      }
      continue;
    }
    waterfalls[name] = {
      steps: parsed.data.steps.map(({ provider, step_deadline: stepDeadlineMs }) =>
        stepDeadlineMs === undefined ? { provider } : { provider, stepDeadlineMs },
      ),
    };
  }
  return waterfalls;
});

const SHORT_CALLBACK_KEY = `the key after whsec_ must be at least ${MIN_CALLBACK_KEY_BYTES} bytes (base64-decoded)`;

/** A `whsec_…` secret long enough to sign with. */
const callbackSecret = z
  .string()
  .regex(CALLBACK_SECRET_PATTERN, 'must be whsec_ followed by base64')
  .refine((secret) => callbackKeyBytes(secret) >= MIN_CALLBACK_KEY_BYTES, SHORT_CALLBACK_KEY);

/**
 * `VOIE_CALLBACK_SECRETS`: `TENANT:whsec_…` items into each tenant's secrets, in the order given (a bare secret is
 * the default tenant's). A bad item is named by its position, never by its text: that holds a secret.
 */
const tenantCallbackSecrets = list.transform((items, ctx): Readonly<Record<string, readonly string[]>> => {
  const tenants: Record<string, string[]> = {};
  items.forEach((item, index) => {
    const parsed = parseTenantItem(item);
    const position = `item ${index + 1}`;
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: `${position} must be TENANT:whsec_… (TENANT: 1–32 of a-z, 0-9, -)` });
    } else if (!CALLBACK_SECRET_PATTERN.test(parsed.value)) {
      ctx.addIssue({
        code: 'custom',
        message: `${position} (tenant ${parsed.tenant}): must be whsec_ followed by base64`,
      });
    } else if (callbackKeyBytes(parsed.value) < MIN_CALLBACK_KEY_BYTES) {
      ctx.addIssue({ code: 'custom', message: `${position} (tenant ${parsed.tenant}): ${SHORT_CALLBACK_KEY}` });
    } else {
      (tenants[parsed.tenant] ??= []).push(parsed.value);
    }
  });
  return tenants;
});

const base64Key = z
  .string()
  .refine((text) => Buffer.from(text, 'base64').length === 32, 'must be 32 bytes, base64-encoded');

/** An IANA time zone this Node.js knows (`America/New_York`); `Intl` is the judge, as it is of the dates. */
const timeZone = z
  .string()
  .trim()
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as America/New_York');

/**
 * OTLP over HTTP, as the OpenTelemetry SDK names it; `grpc` is refused rather than silently sent over HTTP (voie
 * ships no gRPC exporter).
 */
const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;

/** `OTEL_TRACES_SAMPLER` values voie builds a sampler from (`src/telemetry/tracing.ts`), as the SDK names them. */
const TRACES_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

const url = optionalText.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional());

/**
 * voie's configuration: the environment variables it reads, checked, with their defaults, then shaped into
 * {@link Config}. The one place a setting is declared; its TSDoc sits on the field it becomes.
 */
const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    TEMPORAL_ADDRESS: optionalText,
    TEMPORAL_NAMESPACE: z.string().trim().min(1).default('default'),
    TEMPORAL_API_KEY: optionalText,
    TEMPORAL_TLS_CERT: optionalText,
    TEMPORAL_TLS_KEY: optionalText,
    TEMPORAL_CLI_PATH: optionalText,
    TEMPORAL_TEST_SERVER_PATH: optionalText,
    TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
    TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
    VOIE_DATA_DIR: z.string().trim().min(1).default('.data'),
    VOIE_API_KEYS: apiKeyList,
    VOIE_CALLBACK_SECRET: optionalText.pipe(callbackSecret.optional()),
    VOIE_CALLBACK_SECRETS: tenantCallbackSecrets,
    VOIE_ENCRYPTION_KEY: optionalText.pipe(base64Key.optional()),
    VOIE_ENCRYPTION_RETIRED_KEYS: list.pipe(z.array(base64Key)),
    VOIE_FIELD_KEY: optionalText.pipe(base64Key.optional()),
    VOIE_FIELD_RETIRED_KEYS: list.pipe(z.array(base64Key)),
    VOIE_CODEC_KEYS: list,
    VOIE_CODEC_CORS_ORIGINS: list,
    VOIE_CALLBACK_NETWORKS: z.enum(['public', 'loopback', 'private']).optional(),
    VOIE_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
    VOIE_WEBHOOK_RATE_LIMIT: z.coerce.number().int().min(1).default(6000),
    VOIE_CODEC_RATE_LIMIT: z.coerce.number().int().min(1).default(1200),
    VOIE_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    VOIE_WORKFLOW_CACHE_SIZE: z.coerce.number().int().min(1).max(100_000).default(500),
    NODE_ENV: optionalText,
    VOIE_POLL_INTERVAL: duration('15m', POLL_INTERVAL_BOUNDS),
    VOIE_POLL_INTERVAL_MAX: duration('6h'),
    VOIE_ORDER_DEADLINE: duration('7d', DEADLINE_BOUNDS),
    VOIE_REVERIFY_BUSINESS_DAYS: z.coerce
      .number()
      .int()
      .min(MIN_REVERIFY_BUSINESS_DAYS)
      .max(MAX_REVERIFY_BUSINESS_DAYS)
      .default(DEFAULT_REVERIFY_BUSINESS_DAYS),
    VOIE_TIMEZONE: timeZone.default('America/New_York'),
    VOIE_REVERIFY_WINDOW: duration('120d', REVERIFY_WINDOW_BOUNDS),
    VOIE_REUSE: z.enum(['on', 'off']).default('off'),
    VOIE_PROVIDER_REQUESTS_PER_SECOND: z.coerce.number().positive().optional(),
    VOIE_PROVIDER_PRICES: providerPriceList,
    VOIE_WATERFALLS: waterfallsSetting,
    VOIE_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    TRUEWORK_BASE_URL: url,
    TRUEWORK_API_KEY: optionalText,
    TRUEWORK_WEBHOOK_TOKEN: optionalText,
    TRUV_BASE_URL: url,
    TRUV_CLIENT_ID: optionalText,
    TRUV_SECRET: optionalText,
    OTEL_EXPORTER_OTLP_ENDPOINT: url,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url,
    OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(OTLP_PROTOCOLS).optional(),
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z.enum(OTLP_PROTOCOLS).optional(),
    OTEL_SERVICE_NAME: optionalText,
    OTEL_TRACES_SAMPLER: z.enum(TRACES_SAMPLERS).optional(),
    OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
  })
  .superRefine((env, ctx) => {
    // A provider pointed at a real API needs its credentials; without a base URL it is simply not configured.
    const required: [keyof typeof env, (keyof typeof env)[]][] = [
      ['TRUEWORK_BASE_URL', ['TRUEWORK_API_KEY', 'TRUEWORK_WEBHOOK_TOKEN']],
      ['TRUV_BASE_URL', ['TRUV_CLIENT_ID', 'TRUV_SECRET']],
    ];
    for (const [baseUrl, credentials] of required) {
      if (!env[baseUrl]) continue;
      for (const credential of credentials.filter((name) => !env[name])) {
        ctx.addIssue({ code: 'custom', path: [credential], message: `required when ${baseUrl} is set` });
      }
    }
  })
  .transform((e) => {
    const production = e.NODE_ENV === 'production';
    return {
      /** HTTP API and webhook ingress port (`PORT`). @default 3000 */
      port: e.PORT,
      temporal: {
        /** `host:port` of a Temporal frontend; undefined means `voie dev` runs an embedded dev server. */
        address: e.TEMPORAL_ADDRESS,
        /** @default 'default' */
        namespace: e.TEMPORAL_NAMESPACE,
        /** API key of a Temporal Cloud namespace. */
        apiKey: e.TEMPORAL_API_KEY,
        /** Path of the client certificate for mTLS clusters. */
        tlsCertPath: e.TEMPORAL_TLS_CERT,
        /** Path of the client key for mTLS clusters. */
        tlsKeyPath: e.TEMPORAL_TLS_KEY,
        /** The `temporal` CLI binary for the embedded dev server; else PATH, else installed, official sources first. */
        cliPath: e.TEMPORAL_CLI_PATH,
        /** The time-skipping test server binary used by tests. */
        testServerPath: e.TEMPORAL_TEST_SERVER_PATH,
        /** Web UI port of the embedded dev server. @default 8233 */
        uiPort: e.TEMPORAL_UI_PORT,
        /** gRPC port of the embedded dev server. @default 7233 */
        devPort: e.TEMPORAL_DEV_PORT,
      },
      /** Embedded server database and other local state. @default '.data' */
      dataDir: e.VOIE_DATA_DIR,
      /** Keys an LOS sends as `Authorization: Bearer KEY`, each with the tenant whose orders it acts on. */
      apiKeys: e.VOIE_API_KEYS,
      /**
       * `whsec_…` secret that signs result deliveries of the `default` tenant and of every tenant without secrets of
       * its own in {@link callbackSecrets}. Its key is at least 24 bytes.
       */
      callbackSecret: e.VOIE_CALLBACK_SECRET,
      /**
       * Tenants' own `whsec_…` secrets (`VOIE_CALLBACK_SECRETS`, `TENANT:whsec_…` items), in the order given: a
       * tenant listed here signs with each of its secrets (one `v1,` signature per secret, so a rotation keeps the
       * old beside the new) and never with {@link callbackSecret}. Each key is at least 24 bytes.
       */
      callbackSecrets: e.VOIE_CALLBACK_SECRETS,
      /** 32-byte key, base64, that encrypts every new Temporal payload. */
      encryptionKey: e.VOIE_ENCRYPTION_KEY,
      /** Keys that only decrypt: payloads written before a key rotation. */
      retiredEncryptionKeys: e.VOIE_ENCRYPTION_RETIRED_KEYS,
      /**
       * 32-byte key, base64, that seals the applicant's SSN and date of birth inside payloads, so the codec endpoint
       * (the Temporal UI) shows them sealed. The workers unseal them for the provider; the API seals at placement.
       */
      fieldKey: e.VOIE_FIELD_KEY,
      /** Field keys that only unseal: identifiers sealed before a key rotation. */
      retiredFieldKeys: e.VOIE_FIELD_RETIRED_KEYS,
      /** Credentials of the codec endpoint the Temporal UI decrypts payloads through; none disables it. */
      codecKeys: e.VOIE_CODEC_KEYS,
      /** Origins (the Temporal UI) allowed to call the codec endpoint from a browser. @default the dev server's UI */
      codecCorsOrigins: e.VOIE_CODEC_CORS_ORIGINS.length
        ? e.VOIE_CODEC_CORS_ORIGINS
        : [`http://127.0.0.1:${e.TEMPORAL_UI_PORT}`, `http://localhost:${e.TEMPORAL_UI_PORT}`],
      /**
       * Which non-public addresses a `callback_url` may point at: `public` (none), `loopback`, or `private` (loopback
       * and private ranges). Link-local, reserved, NAT64/6to4 and cloud metadata addresses are always refused
       * (`src/net/callback-policy.ts`).
       * @default 'public' in production, 'loopback' otherwise
       */
      callbackNetworks: e.VOIE_CALLBACK_NETWORKS ?? (production ? 'public' : 'loopback'),
      /** `NODE_ENV=production`: callbacks must be https and reach public addresses. */
      production,
      /** Port of `voie worker`'s `/metrics` (the SDK's worker metrics and voie's counters). @default 9464 */
      metricsPort: e.VOIE_METRICS_PORT,
      /**
       * How many order and loan workflows one worker keeps in memory between their tasks (the SDK's
       * `maxCachedWorkflows`, least recently used first out). Orders wait for weeks in their re-verification window:
       * past this many, a waiting one costs the worker nothing, and the next message or timer replays it. @default 500
       */
      workflowCacheSize: e.VOIE_WORKFLOW_CACHE_SIZE,
      /**
       * Requests per minute one verified API key may make to `/v1`; requests without a valid key share one such budget
       * per client address, so guessing keys meets `429`. @default 600
       */
      rateLimitPerMinute: e.VOIE_RATE_LIMIT,
      /** Provider webhooks per minute one client address may post to `/webhooks/{provider}`. @default 6000 */
      webhookRateLimitPerMinute: e.VOIE_WEBHOOK_RATE_LIMIT,
      /**
       * Requests per minute one client address may make to the codec endpoint (`/codec`, the Temporal UI's decoding:
       * a page of the UI is a few requests). @default 1200
       */
      codecRateLimitPerMinute: e.VOIE_CODEC_RATE_LIMIT,
      /** First silence after which an order is polled. @default 15 minutes */
      pollIntervalMs: e.VOIE_POLL_INTERVAL,
      /** Upper bound of the poll back-off; never below the first interval. @default 6 hours */
      pollIntervalMaxMs: Math.max(e.VOIE_POLL_INTERVAL_MAX, e.VOIE_POLL_INTERVAL),
      /** Orders not terminal by then are canceled at the provider and end `expired`. @default 7 days */
      orderDeadlineMs: e.VOIE_ORDER_DEADLINE,
      /** Business days before a `closing_date` at which voie re-verifies, unless the order says. @default 5 */
      reverifyBusinessDays: e.VOIE_REVERIFY_BUSINESS_DAYS,
      /** The lender's IANA time zone: closing and due dates are its calendar days. @default 'America/New_York' */
      timeZone: e.VOIE_TIMEZONE,
      /**
       * How long after it completed an order can still be re-verified (`PATCH` with a closing date, `/reverify`):
       * the age past which the agencies want new documentation. Its workflow stays open, waiting, until then.
       * @default 120 days
       */
      reverifyWindowMs: e.VOIE_REVERIFY_WINDOW,
      /**
       * Whether an order re-verifies a verification its tenant already paid for (same borrower, employer and provider,
       * within the provider's free window) instead of placing a new provider order, unless it says `options.reuse`.
       * A lender's policy, so off unless asked. @default off
       */
      reuse: e.VOIE_REUSE === 'on',
      /**
       * Requests per second one provider account may make, when the provider granted more (or less) than its
       * published limit; the worker keeps 10% below it. @default each provider's published limit (10/s)
       */
      providerRequestsPerSecond: e.VOIE_PROVIDER_REQUESTS_PER_SECOND,
      /**
       * US dollars per completed provider order, by price key (`VOIE_PROVIDER_PRICES`): a provider's name for its own
       * orders, `truework-reverification` and `truv-refresh` for re-checks within their free windows. Orders carry the
       * prices of their placement (`OrderPolicy.prices`), so a change reprices no order in flight. Undefined: no
       * estimated costs (`estimated_cost` null). @default none
       */
      providerPrices: e.VOIE_PROVIDER_PRICES,
      /**
       * Named waterfalls an order can ask for with `"waterfall": "name"` (`VOIE_WATERFALLS`, JSON
       * `{ "name": { "steps": [ { "provider", "step_deadline"? } ] } }`): up to 4 steps, no provider twice, each step
       * with its own deadline when it says. @default none
       */
      waterfalls: e.VOIE_WATERFALLS,
      /** @default 'info' */
      logLevel: e.VOIE_LOG_LEVEL,
      /**
       * OpenTelemetry traces, on only when an OTLP endpoint is set. The SDK reads the `OTEL_*` variables itself
       * (headers, timeouts, resource attributes too); they are declared here so that start-up refuses a bad value.
       */
      tracing: {
        /**
         * Where spans go: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as it is, else `OTEL_EXPORTER_OTLP_ENDPOINT` with
         * `/v1/traces` appended. Unset, tracing is off: no exporter, and the API a no-op tracer.
         */
        endpoint:
          e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
          (e.OTEL_EXPORTER_OTLP_ENDPOINT && `${e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`),
        /**
         * `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`, else `OTEL_EXPORTER_OTLP_PROTOCOL`: `http/protobuf` or `http/json`.
         * @default 'http/protobuf'
         */
        protocol: e.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? e.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf',
        /** `OTEL_SERVICE_NAME`. @default 'voie-api' (`voie api`), 'voie-worker' (`voie worker`), 'voie-dev' (`voie dev`) */
        serviceName: e.OTEL_SERVICE_NAME,
        /**
         * `OTEL_TRACES_SAMPLER` (with `OTEL_TRACES_SAMPLER_ARG`, a ratio 0–1): voie builds the sampler from it.
         * @default 'parentbased_always_on'
         */
        sampler: e.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on',
        /** `OTEL_TRACES_SAMPLER_ARG`: the ratio of the `…traceidratio` samplers. */
        samplerRatio: e.OTEL_TRACES_SAMPLER_ARG,
      },
      /** Truework's API; configured only with a base URL. */
      truework: { baseUrl: e.TRUEWORK_BASE_URL, apiKey: e.TRUEWORK_API_KEY, webhookToken: e.TRUEWORK_WEBHOOK_TOKEN },
      /** Truv's API; configured only with a base URL. */
      truv: { baseUrl: e.TRUV_BASE_URL, clientId: e.TRUV_CLIENT_ID, secret: e.TRUV_SECRET },
    };
  });

/** voie's configuration, read once from the environment (see {@link loadConfig}). */
export type Config = z.output<typeof configSchema>;

/** The configuration is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment (and `.env` if present) into a frozen Config, or throws ConfigError naming the variables. */
export function loadConfig(env: NodeJS.ProcessEnv = readEnvironment()): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return deepFreeze(parsed.data);
}

/** Throws ConfigError unless every named setting is present (for the commands that cannot generate them). */
export function requireSettings(
  config: Config,
  required: Partial<Record<'apiKeys' | 'callbackSecret' | 'encryptionKey' | 'fieldKey', string>>,
): void {
  const missing = Object.entries(required)
    .filter(([key]) => {
      const value = config[key as keyof typeof required];
      return Array.isArray(value) ? value.length === 0 : !value;
    })
    .map(([, variable]) => `  ${variable}: required`);
  if (missing.length) throw new ConfigError(`invalid configuration:\n${missing.join('\n')}`);
}

function readEnvironment(): NodeJS.ProcessEnv {
  // `.env` fills in what the real environment leaves unset.
  if (existsSync('.env')) process.loadEnvFile('.env');
  return process.env;
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object') deepFreeze(child as object);
  }
  return Object.freeze(value);
}

/** Where result deliveries may go, from the configuration. */
export function callbackPolicy(config: Config): CallbackPolicy {
  return { networks: config.callbackNetworks, requireHttps: config.production };
}
