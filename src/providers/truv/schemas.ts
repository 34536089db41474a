import { z } from 'zod';

/**
 * The parts of Truv's v1 API voie reads (see shared/reference/truv-api.md), as zod schemas the client parses every
 * answer with. Every field but an id is optional or nullable: Truv documents two generations of reference pages that
 * disagree, and several fields are only seen in examples. Fields voie does not read pass through untouched.
 */

const text = z.string().nullish();
const flag = z.boolean().nullish();
/** Money and years: decimal strings in the examples, numbers in places; both read. */
const decimal = z.union([z.string(), z.number()]).nullish();

/**
 * A suborder status. The OpenAPI enum is `pending`, `sent`, `completed`, `error`, `canceled`, `expired`, `no_data`,
 * `skipped`; it stays a plain string so a value Truv adds later is read, not rejected.
 */
export type TruvSuborderStatus = string;

/** The products of `POST /v1/orders/` voie uses. */
export type TruvProduct = 'income' | 'employment';

/** An address as Truv writes it in requests, companies and profiles. */
const address = z.looseObject({ street: text, city: text, state: text, zip: text, country: text });
export type TruvAddress = z.output<typeof address>;

const profile = z.looseObject({
  first_name: text,
  last_name: text,
  full_name: text,
  email: text,
  ssn: text,
  date_of_birth: text,
  home_address: address.nullish(),
});
export type TruvProfile = z.output<typeof profile>;

const company = z.looseObject({ name: text, address: address.nullish(), phone: text, ein: text });
export type TruvCompany = z.output<typeof company>;

/** One year of `annual_income_summary`; money is decimal strings. */
const annualIncome = z.looseObject({
  year: decimal,
  gross_pay: decimal,
  net_pay: decimal,
  regular: decimal,
  overtime: decimal,
  bonus: decimal,
  commission: decimal,
  other_pay: decimal,
});
export type TruvAnnualIncome = z.output<typeof annualIncome>;

/** One job in a report: `income` is in `income_unit`, `pay_rate` is paid every `pay_frequency`. */
const employment = z.looseObject({
  id: text,
  is_active: flag,
  job_title: text,
  /** F full-time, P part-time, S seasonal, D daily, C contract, V volunteer. */
  job_type: text,
  start_date: text,
  original_hire_date: text,
  end_date: text,
  income: decimal,
  income_unit: text,
  pay_rate: decimal,
  pay_frequency: text,
  profile: profile.nullish(),
  company: company.nullish(),
  annual_income_summary: z.array(annualIncome).nullish(),
  statements: z.array(z.unknown()).nullish(),
  bank_accounts: z.array(z.unknown()).nullish(),
  w2s: z.array(z.unknown()).nullish(),
});
export type TruvEmployment = z.output<typeof employment>;

/** One employer of an order (a suborder): its own id, status and, once connected, its link. */
const employerSuborder = z.looseObject({
  id: z.string(),
  status: text,
  product_type: text,
  suborder_number: text,
  created_at: text,
  link_id: text,
  data_source: text,
  provider: z.looseObject({ id: text, name: text, logo_url: text }).nullish(),
  is_suspicious: flag,
  company_name: text,
  company_address: address.nullish(),
  pdf_report: text,
  employments: z.array(employment).nullish(),
});
export type TruvEmployerSuborder = z.output<typeof employerSuborder>;

/** Another order named by a refresh: its id, or (unconfirmed) an object carrying it. */
const orderLink = z.union([z.string(), z.looseObject({ id: z.string() })]).nullish();

/** The id an order link names. */
export function linkedOrderId(link: z.output<typeof orderLink>): string | undefined {
  return typeof link === 'string' ? link : (link?.id ?? undefined);
}

/** The order as `POST /v1/orders/` and `GET /v1/orders/{id}/` return it. */
export const truvOrderSchema = z.looseObject({
  id: z.string(),
  products: z.array(z.string()).nullish(),
  order_number: text,
  external_user_id: text,
  user_id: text,
  bridge_token: text,
  share_url: text,
  short_share_url: text,
  created_at: text,
  updated_at: text,
  canceled_at: text,
  completed_at: text,
  expired_at: text,
  is_expired: flag,
  /** Not in any reference example, but Truv's demo code reads it: used when present. */
  status: text,
  voie_report_id: text,
  /** On a refresh order: the order it refreshed. Documented as an id; an object with one is tolerated. */
  initial_order: orderLink,
  /** On a refreshed order: its (latest) refresh. */
  refresh_order: orderLink,
  employers: z.array(employerSuborder).nullish(),
});
export type TruvOrder = z.output<typeof truvOrderSchema>;

/** A link (one payroll connection) inside a user report. */
const reportLink = z.looseObject({
  id: text,
  link_id: text,
  tracking_info: text,
  data_source: text,
  provider: z.union([z.string(), z.looseObject({ id: text, name: text })]).nullish(),
  provider_name: text,
  employments: z.array(employment).nullish(),
});
export type TruvReportLink = z.output<typeof reportLink>;

/** The user-level VOIE/VOE report of `GET /v1/users/{user_id}/reports/{report_id}/`. */
export const truvReportSchema = z.looseObject({
  report_id: text,
  created_at: text,
  completed_at: text,
  last_task_at: text,
  links: z.array(reportLink).nullish(),
});
export type TruvReport = z.output<typeof truvReportSchema>;

/** The environments a Truv secret and a webhook subscription belong to. */
export type TruvEnvType = 'sandbox' | 'dev' | 'prod';

/** A webhook subscription of `/v1/webhooks/`. */
export const truvWebhookSubscriptionSchema = z.looseObject({
  id: z.string(),
  name: text,
  webhook_url: text,
  events: z.array(z.string()).nullish(),
  env_type: text,
  /** Only seen in the docs about re-enabling an endpoint Truv disabled after repeated failures. */
  enabled: flag,
  created_at: text,
  updated_at: text,
});
export type TruvWebhookSubscription = z.output<typeof truvWebhookSubscriptionSchema>;

/** A list answer: a Django REST Framework page, or a bare array on some endpoints (an empty body reads as none). */
export function truvListSchema<Item extends z.ZodType>(item: Item) {
  const items = z.array(item);
  return z
    .union([
      items,
      z.looseObject({ count: z.number().nullish(), next: text, previous: text, results: items.nullish() }),
    ])
    .nullish();
}
export type TruvList<Item> = Item[] | { next?: string | null; results?: Item[] | null } | null | undefined;

/** The items of a list answer, whichever of the two shapes it came in. */
export function itemsOf<Item>(list: TruvList<Item>): Item[] {
  if (!list) return [];
  if (Array.isArray(list)) return list;
  return list.results ?? [];
}

/** The body of `POST /v1/webhooks/`. */
export interface TruvWebhookInput {
  name: string;
  webhook_url: string;
  env_type: TruvEnvType;
  events: string[];
}

/** The body of `PATCH /v1/webhooks/{id}/`. */
export type TruvWebhookChanges = Partial<TruvWebhookInput> & { enabled?: boolean };
