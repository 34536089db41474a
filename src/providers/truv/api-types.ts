/**
 * The parts of Truv's v1 API voie reads (see shared/reference/truv-api.md). Every field is optional or nullable:
 * Truv documents two generations of reference pages that disagree, and several fields are only seen in examples.
 */

/**
 * A suborder status. The OpenAPI enum is `pending`, `sent`, `completed`, `error`, `canceled`, `expired`, `no_data`,
 * `skipped`; it stays a plain string so a value Truv adds later is read, not rejected.
 */
export type TruvSuborderStatus = string;

/** The products of `POST /v1/orders/` voie uses. */
export type TruvProduct = 'income' | 'employment';

/** An address as Truv writes it in requests, companies and profiles. */
export interface TruvAddress {
  street?: string | null;
  city?: string | null;
  state?: string | null;
  zip?: string | null;
  country?: string | null;
}

/** One employer of an order (a suborder): its own id, status and, once connected, its link. */
export interface TruvEmployerSuborder {
  id: string;
  status?: TruvSuborderStatus | null;
  product_type?: string | null;
  suborder_number?: string | null;
  created_at?: string | null;
  link_id?: string | null;
  data_source?: string | null;
  provider?: { id?: string | null; name?: string | null; logo_url?: string | null } | null;
  is_suspicious?: boolean | null;
  company_name?: string | null;
  company_address?: TruvAddress | null;
  pdf_report?: string | null;
  employments?: TruvEmployment[] | null;
}

/** The order as `POST /v1/orders/` and `GET /v1/orders/{id}/` return it. */
export interface TruvOrder {
  id: string;
  products?: string[] | null;
  order_number?: string | null;
  external_user_id?: string | null;
  user_id?: string | null;
  bridge_token?: string | null;
  share_url?: string | null;
  short_share_url?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  canceled_at?: string | null;
  completed_at?: string | null;
  expired_at?: string | null;
  is_expired?: boolean | null;
  /** Not in any reference example, but Truv's demo code reads it: used when present. */
  status?: string | null;
  voie_report_id?: string | null;
  employers?: TruvEmployerSuborder[] | null;
}

/** A Django REST Framework page; some list endpoints may answer a bare array instead. */
export interface TruvPage<T> {
  count?: number;
  next?: string | null;
  previous?: string | null;
  results?: T[] | null;
}

export type TruvList<T> = TruvPage<T> | T[];

/** The items of a list answer, whichever of the two shapes it came in. */
export function itemsOf<T>(list: TruvList<T> | null | undefined): T[] {
  if (!list) return [];
  if (Array.isArray(list)) return list;
  return list.results ?? [];
}

export interface TruvProfile {
  first_name?: string | null;
  last_name?: string | null;
  full_name?: string | null;
  email?: string | null;
  ssn?: string | null;
  date_of_birth?: string | null;
  home_address?: TruvAddress | null;
}

export interface TruvCompany {
  name?: string | null;
  address?: TruvAddress | null;
  phone?: string | null;
  ein?: string | null;
}

/** One year of `annual_income_summary`; money is decimal strings. */
export interface TruvAnnualIncome {
  year?: number | string | null;
  gross_pay?: string | number | null;
  net_pay?: string | number | null;
  regular?: string | number | null;
  overtime?: string | number | null;
  bonus?: string | number | null;
  commission?: string | number | null;
  other_pay?: string | number | null;
}

/** One job in a report: `income` is in `income_unit`, `pay_rate` is paid every `pay_frequency`. */
export interface TruvEmployment {
  id?: string | null;
  is_active?: boolean | null;
  job_title?: string | null;
  /** F full-time, P part-time, S seasonal, D daily, C contract, V volunteer. */
  job_type?: string | null;
  start_date?: string | null;
  original_hire_date?: string | null;
  end_date?: string | null;
  income?: string | number | null;
  income_unit?: string | null;
  pay_rate?: string | number | null;
  pay_frequency?: string | null;
  profile?: TruvProfile | null;
  company?: TruvCompany | null;
  annual_income_summary?: TruvAnnualIncome[] | null;
  statements?: unknown[] | null;
  bank_accounts?: unknown[] | null;
  w2s?: unknown[] | null;
}

/** A link (one payroll connection) inside a user report. */
export interface TruvReportLink {
  id?: string | null;
  link_id?: string | null;
  tracking_info?: string | null;
  data_source?: string | null;
  provider?: string | { id?: string | null; name?: string | null } | null;
  provider_name?: string | null;
  employments?: TruvEmployment[] | null;
}

/** The user-level VOIE/VOE report of `GET /v1/users/{user_id}/reports/{report_id}/`. */
export interface TruvReport {
  report_id?: string | null;
  created_at?: string | null;
  completed_at?: string | null;
  last_task_at?: string | null;
  links?: TruvReportLink[] | null;
}

/** The environments a Truv secret and a webhook subscription belong to. */
export type TruvEnvType = 'sandbox' | 'dev' | 'prod';

/** A webhook subscription of `/v1/webhooks/`. */
export interface TruvWebhookSubscription {
  id: string;
  name?: string | null;
  webhook_url?: string | null;
  events?: string[] | null;
  env_type?: string | null;
  /** Only seen in the docs about re-enabling an endpoint Truv disabled after repeated failures. */
  enabled?: boolean | null;
  created_at?: string | null;
  updated_at?: string | null;
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
