import { randomBytes } from 'node:crypto';
import type { CreateBody } from './requests';
import type { FixtureAddress, FixtureEmployment } from './sandbox-fixtures';
import { employmentOnly } from './sandbox-fixtures';

// What Truv's Orders API shows: orders with their employer suborders, user reports, link reports, webhook
// subscriptions; and how the simulator builds them.

/** The payroll provider every simulated connection goes through. */
export const PAYROLL_PROVIDER = { id: 'truv_payroll', name: 'Truv Payroll Provider', logo_url: null };

/** One employer of an order, a suborder with its own status and, once connected, its link. */
export interface SuborderJson {
  id: string;
  status: string;
  product_type: string;
  suborder_number: string | null;
  created_at: string;
  updated_at: string;
  bridge_token: string;
  link_id: string | null;
  access_token: string | null;
  pdf_report: string | null;
  data_source: string | null;
  provider: typeof PAYROLL_PROVIDER | null;
  is_suspicious: boolean;
  start_date: string | null;
  end_date: string | null;
  company_name: string | null;
  company_address: FixtureAddress | null;
  company_domain: string | null;
  company_logo: string | null;
  employments: FixtureEmployment[];
}

/** An order as `GET /v1/orders/{id}/` returns it. */
export interface OrderJson {
  id: string;
  products: string[];
  source: string;
  order_number: string | null;
  custom_field: string | null;
  client_name: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  external_user_id: string | null;
  user_id: string;
  bridge_token: string;
  share_url: string;
  short_share_url: string;
  template_id: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
  canceled_at: string | null;
  completed_at: string | null;
  expired_at: string;
  is_expired: boolean;
  user_consent_at: string | null;
  initial_order: string | null;
  refresh_order: string | null;
  voie_report_id: string | null;
  voa_report_id: string | null;
  employers: SuborderJson[];
  financial_accounts: unknown[];
}

interface ReportLinkJson {
  id: string;
  link_id: string;
  tracking_info: string;
  data_source: string;
  provider: string;
  provider_name: string;
  is_suspicious: boolean;
  employments: FixtureEmployment[];
}

/** A user report: every completed connection of the user at the time it was made. */
export interface ReportJson {
  report_id: string;
  created_at: string;
  completed_at: string;
  last_task_at: string;
  links: ReportLinkJson[];
}

/** A webhook subscription as `/v1/webhooks/` shows it. */
export interface WebhookJson {
  id: string;
  name: string;
  webhook_url: string;
  events: string[];
  env_type: string;
  created_at: string;
  updated_at: string;
}

/** A completed connection: the link and the payroll data it yielded. */
export interface Connection {
  linkId: string;
  suborderId: string;
  employment: FixtureEmployment;
  completedAt: string;
  isVoe: boolean;
}

/** Truv ids are 32 lowercase hex characters. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

/** Truv's timestamps carry microseconds: `2024-07-11T21:40:48.424610Z`. */
export function timestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Where the applicant completes an order: a fresh bridge token and the links that carry it. */
function applicantLinks(orderId: string): { bridge_token: string; share_url: string; short_share_url: string } {
  const bridgeToken = newId();
  return {
    bridge_token: bridgeToken,
    share_url: `https://cdn.truv.com/employment.html?bridge_token=${bridgeToken}&order_group_id=${orderId}`,
    // The real short-link host is not documented; this one is made up.
    short_share_url: `https://truv.link/${randomBytes(5).toString('hex')}`,
  };
}

/** A new order for a valid create body, one `pending` suborder per employer (one without a name when none given). */
export function newOrderJson(body: CreateBody, expiresAfterMs: number): OrderJson {
  // One clock reading for both, so the window is exactly what was asked.
  const created = new Date();
  const now = timestamp(created);
  const id = newId();
  const product = body.products[0] ?? 'income';
  const employers =
    body.employers.length > 0 ? body.employers : [{ company_name: null, company_address: null, suborder_number: null }];
  return {
    id,
    products: body.products,
    source: 'api',
    order_number: body.order_number,
    custom_field: null,
    client_name: 'voie simulator',
    first_name: body.first_name,
    last_name: body.last_name,
    email: body.email,
    phone: body.phone,
    external_user_id: body.external_user_id ?? body.order_number,
    user_id: newId(),
    ...applicantLinks(id),
    template_id: null,
    notes: null,
    created_at: now,
    updated_at: now,
    canceled_at: null,
    completed_at: null,
    expired_at: timestamp(new Date(created.getTime() + expiresAfterMs)),
    is_expired: false,
    user_consent_at: null,
    initial_order: null,
    refresh_order: null,
    voie_report_id: null,
    voa_report_id: null,
    employers: employers.map((employer) => ({
      id: newId(),
      status: 'pending',
      product_type: product,
      suborder_number: employer.suborder_number,
      created_at: now,
      updated_at: now,
      bridge_token: newId(),
      link_id: null,
      access_token: null,
      pdf_report: null,
      data_source: null,
      provider: null,
      is_suspicious: false,
      start_date: null,
      end_date: null,
      company_name: employer.company_name,
      company_address: employer.company_address,
      company_domain: null,
      company_logo: null,
      employments: [],
    })),
    financial_accounts: [],
  };
}

/**
 * The new order a data refresh of `parent` makes for `suborders` (some of its completed employers): a new id, the same
 * user, `order_number` and applicant, `initial_order` naming the parent, one `pending` suborder per employer with the
 * same `suborder_number`, company and link (the connection the refresh reads again).
 */
export function newRefreshOrderJson(
  parent: OrderJson,
  suborders: SuborderJson[],
  product: string,
  expiresAfterMs: number,
): OrderJson {
  const created = new Date();
  const now = timestamp(created);
  const id = newId();
  return {
    ...structuredClone(parent),
    id,
    products: [product],
    ...applicantLinks(id),
    created_at: now,
    updated_at: now,
    canceled_at: null,
    completed_at: null,
    expired_at: timestamp(new Date(created.getTime() + expiresAfterMs)),
    is_expired: false,
    initial_order: parent.id,
    refresh_order: null,
    voie_report_id: null,
    voa_report_id: null,
    employers: suborders.map((suborder) => ({
      ...structuredClone(suborder),
      id: newId(),
      status: 'pending',
      product_type: product,
      created_at: now,
      updated_at: now,
      bridge_token: newId(),
      access_token: null,
      pdf_report: null,
      employments: [],
    })),
  };
}

/** A user report over `connections`; a VOE report leaves out pay. */
export function newReportJson(connections: Connection[], isVoe: boolean): ReportJson {
  const now = timestamp();
  return {
    report_id: newId(),
    created_at: now,
    completed_at: now,
    last_task_at:
      connections
        .map((c) => c.completedAt)
        .sort()
        .at(-1) ?? now,
    links: connections.map((connection) => ({
      id: newId(),
      link_id: connection.linkId,
      tracking_info: connection.suborderId,
      data_source: 'payroll',
      provider: PAYROLL_PROVIDER.id,
      provider_name: PAYROLL_PROVIDER.name,
      is_suspicious: false,
      employments: [isVoe ? employmentOnly(connection.employment) : structuredClone(connection.employment)],
    })),
  };
}

/** A link's income (or, `employmentOnlyReport`, employment) report. */
export function linkReportJson(connection: Connection, employmentOnlyReport: boolean): unknown {
  const { linkId } = connection;
  return {
    id: newId(),
    link_id: linkId,
    status: 'done',
    completed_at: connection.completedAt,
    tracking_info: connection.suborderId,
    refresh_status: null,
    data_source: 'payroll',
    provider: PAYROLL_PROVIDER.id,
    provider_name: PAYROLL_PROVIDER.name,
    pdf_report: `https://cdn.truv.com/reports/${linkId}.pdf`,
    employments: [employmentOnlyReport ? employmentOnly(connection.employment) : connection.employment],
  };
}
