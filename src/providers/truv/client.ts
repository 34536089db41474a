import type { z } from 'zod';
import type { Address, OrderReport, OrderRequest, ProviderSnapshot, ReportLocator } from '../../domain';
import { isTerminal } from '../../domain';
import { ProviderRejectedError, ProviderUnavailableError } from '../errors';
import type { HttpSettings, JsonRequest, RequestGate } from '../http';
import { requestJson, requestPdf, send } from '../http';
import type {
  CancelReason,
  PlacedOrder,
  ProviderClient,
  ProviderOrderRef,
  ReportPdf,
  ReverificationKind,
  ReverificationRef,
  ReverificationSource,
} from '../provider';
import type {
  TruvEnvType,
  TruvList,
  TruvOrder,
  TruvProduct,
  TruvReport,
  TruvWebhookChanges,
  TruvWebhookInput,
  TruvWebhookSubscription,
} from './schemas';
import {
  itemsOf,
  linkedOrderId,
  truvListSchema,
  truvOrderSchema,
  truvReportSchema,
  truvWebhookSubscriptionSchema,
} from './schemas';
import { normalizeReport, redactReport } from './normalize';
import { reportLocatorOf, snapshotOf, suborderNumber } from './snapshot';

/** How to reach Truv. The secret picks the environment (`sandbox-…`, `dev-…`, `prod-…`); the host is the same. */
export interface TruvSettings {
  /** e.g. `https://prod.truv.com`; a trailing `/v1` is tolerated. */
  baseUrl: string;
  clientId: string;
  /** The Access Secret sent as `X-Access-Secret`. */
  secret: string;
  timeoutMs?: number;
}

/** Truv's webhook subscription API, as `voie truv webhooks register` uses it. */
export interface TruvWebhookApi {
  /** The environment the API secret belongs to, which a subscription must name. */
  readonly envType: TruvEnvType;
  listWebhooks(): Promise<TruvWebhookSubscription[]>;
  createWebhook(input: TruvWebhookInput): Promise<TruvWebhookSubscription>;
  updateWebhook(id: string, changes: TruvWebhookChanges): Promise<TruvWebhookSubscription>;
}

const PRODUCTS: Record<OrderRequest['type'], TruvProduct> = {
  'employment-income': 'income',
  employment: 'employment',
};

/** Bounds how far a list is paged: an ignored filter must not walk every order of the account. */
const MAX_ORDER_PAGES = 5;
const MAX_WEBHOOK_PAGES = 20;

/** The environment of a Truv secret, from its documented prefix; sandbox when it has none. */
export function envTypeOf(secret: string): TruvEnvType {
  if (secret.startsWith('prod-')) return 'prod';
  if (secret.startsWith('dev-')) return 'dev';
  return 'sandbox';
}

export class TruvClient implements ProviderClient {
  readonly webhooks: TruvWebhookApi;
  private readonly http: HttpSettings;

  constructor(settings: TruvSettings) {
    this.http = {
      baseUrl: apiRoot(settings.baseUrl),
      timeoutMs: settings.timeoutMs ?? 20_000,
      headers: {
        'X-Access-Client-Id': settings.clientId,
        'X-Access-Secret': settings.secret,
        accept: 'application/json',
      },
    };
    this.webhooks = {
      envType: envTypeOf(settings.secret),
      listWebhooks: () => this.listAll({ path: 'v1/webhooks/' }, truvWebhookSubscriptionSchema, MAX_WEBHOOK_PAGES),
      createWebhook: (input) =>
        requestJson(this.http, { method: 'POST', path: 'v1/webhooks/', body: input }, truvWebhookSubscriptionSchema),
      updateWebhook: (id, changes) =>
        requestJson(
          this.http,
          { method: 'PATCH', path: `v1/webhooks/${encodeURIComponent(id)}/`, body: changes },
          truvWebhookSubscriptionSchema,
        ),
    };
  }

  /**
   * Places one order for every employer of `ref`, each as a suborder numbered `${orderId}-${index}`. Whether a single
   * create dedupes on `order_number` is undocumented (the batch endpoint does), so voie's order id travels as
   * `order_number` for {@link findOrder}. The create's answer (the order, with its share URL) is the order's first
   * snapshot.
   */
  async createOrder(request: OrderRequest, ref: ProviderOrderRef): Promise<PlacedOrder> {
    const { orderId } = ref;
    const { applicant } = request;
    const employers = request.employers;
    const ssn = applicant.ssn.replace(/\D/g, '');
    const phone = applicant.phone ? phoneDigits(applicant.phone) : undefined;
    const order = await requestJson(
      this.http,
      {
        method: 'POST',
        path: 'v1/orders/',
        body: {
          products: [PRODUCTS[request.type]],
          first_name: applicant.first_name,
          last_name: applicant.last_name,
          // The reference documents `ssn`; both of Truv's own Node demos send `social_security_number`. Which one
          // create honours is unconfirmed, so both carry the same 9 digits until a sandbox run settles it.
          ssn,
          social_security_number: ssn,
          ...(applicant.email ? { email: applicant.email } : {}),
          ...(phone ? { phone } : {}),
          order_number: orderId,
          external_user_id: orderId,
          employers: ref.employers.map((index) => {
            const employer = employers[index];
            if (!employer) throw new RangeError(`order ${orderId} has no employer ${index}`);
            const address = companyAddress(employer.address);
            return {
              company_name: employer.name,
              ...(address ? { company_address: address } : {}),
              suborder_number: suborderNumber(orderId, index),
            };
          }),
        },
      },
      truvOrderSchema,
    );
    return { providerOrderId: order.id, snapshot: snapshotOf(order) };
  }

  async findOrder({ orderId }: ProviderOrderRef): Promise<PlacedOrder | undefined> {
    // A refresh carries the same order_number: the order placed is the one that refreshes nothing.
    const placed = (order: TruvOrder) => order.order_number === orderId && !linkedOrderId(order.initial_order);
    const existing = (await this.ordersNumbered(orderId, placed)).find(placed);
    return existing && { providerOrderId: existing.id, snapshot: snapshotOf(existing) };
  }

  /**
   * A data refresh of the original order with the `employment` product (`POST /v1/orders/{id}/`), for the suborders of
   * `ref.employers`: Truv makes a new order with a new id and the same `order_number`, and links the two
   * (`refresh_order` on the original, `initial_order` on the refresh). A retry looks for that link first: the
   * original's `refresh_order`, else an order with its `order_number` whose `initial_order` is the original, provided
   * no earlier attempt recorded it.
   */
  async reverifyOrder(
    original: ReverificationSource,
    request: OrderRequest,
    ref: ReverificationRef,
  ): Promise<{ providerOrderId: string; kind: ReverificationKind }> {
    const refreshed = await this.requestOrder(original.providerOrderId);
    const existing = await this.findRefresh(refreshed, ref.earlierRecheckIds);
    if (existing) return { providerOrderId: existing, kind: 'refresh' };
    const numbers = new Set(ref.employers.map((index) => suborderNumber(ref.orderId, index)));
    const suborders = (refreshed.employers ?? []).filter((employer) => numbers.has(employer.suborder_number ?? ''));
    const order = await requestJson(
      this.http,
      {
        method: 'POST',
        path: orderPath(original.providerOrderId),
        body: {
          // Re-verification before closing re-checks the job; a reusing order needs what its type asks.
          products: ref.reuse ? [PRODUCTS[request.type]] : ['employment'],
          // Suborders voie did not number (orders placed before several employers) are all refreshed.
          ...(suborders.length > 0 ? { employers: suborders.map((employer) => ({ id: employer.id })) } : {}),
        },
      },
      truvOrderSchema,
    );
    return { providerOrderId: order.id, kind: 'refresh' };
  }

  /**
   * The order, one call. Once completed it names its report and where it lives (`reportIds`, `reportLocator`) but does
   * not carry it: the report is {@link readReport}'s own call, so that every activity makes one call and the task
   * queue's rate limit is Truv's.
   */
  async readOrder(providerOrderId: string): Promise<ProviderSnapshot> {
    return snapshotOf(await this.requestOrder(providerOrderId));
  }

  async cancelOrder(providerOrderId: string, _reason: CancelReason): Promise<void> {
    try {
      // Truv's cancel takes no reason; its answer for an order that already ended is undocumented.
      await send(this.http, { method: 'POST', path: `${orderPath(providerOrderId)}cancel/` });
    } catch (err) {
      if (
        !(err instanceof ProviderRejectedError) ||
        !isTerminal(snapshotOf(await this.requestOrder(providerOrderId)).status)
      ) {
        throw err;
      }
    }
  }

  /**
   * The user report the order's GSE id names, covering every employer the borrower connected, normalized, with the
   * provider's own redacted. Truv makes a new report id each time another connection completes; the snapshot's id is
   * the one of the read that found every employer voie sent resolved, so it covers them all. With the snapshot's
   * `reportLocator` the report's GET is the only call; without one the order is read first.
   */
  async readReport(snapshot: ProviderSnapshot): Promise<OrderReport> {
    const { locator, reportId } = await this.locateReport(snapshot);
    const report = await this.currentReport(locator, reportId);
    const normalized = normalizeReport(report, { employmentOnly: locator.employmentOnly });
    return { normalized, provider_report: redactReport(report) };
  }

  /** Where the snapshot's report lives: its locator, else the order read again (snapshots recorded without one). */
  private async locateReport(snapshot: ProviderSnapshot): Promise<{ locator: ReportLocator; reportId?: string }> {
    const fallbackId = snapshot.reportIds.at(-1);
    if (snapshot.reportLocator) return { locator: snapshot.reportLocator, reportId: fallbackId };
    const order = await this.requestOrder(snapshot.providerOrderId);
    const locator = reportLocatorOf(order);
    if (!locator) throw new ProviderUnavailableError(`Truv order ${order.id} has no user_id yet`);
    return { locator, reportId: order.voie_report_id ?? fallbackId };
  }

  /**
   * Truv's PDF of the report {@link readReport} reads (`?fmt=pdf`), streamed. Each of its requests (two, or up to
   * four when the order names no report) is let through by `gate` first when given.
   */
  async readReportPdf(providerOrderId: string, gate?: RequestGate): Promise<ReportPdf> {
    const http = gate ? { ...this.http, gate } : this.http;
    const order = await this.requestOrder(providerOrderId, http);
    const { id } = order;
    const locator = reportLocatorOf(order);
    if (!locator) throw new ProviderRejectedError(`Truv order ${id} has no user, hence no report`, 404);
    const { userId } = locator;
    const reportId = order.voie_report_id ?? (await this.currentReport(locator, undefined, http)).report_id;
    if (!reportId) throw new ProviderRejectedError(`Truv order ${id} has no report`, 404);
    // Truv's error page says a restrictive Accept may answer 406; the PDF is asked first, anything else tolerated.
    return requestPdf(http, {
      method: 'GET',
      path: reportPath(userId, reportId),
      query: { fmt: 'pdf' },
      accept: 'application/pdf, */*;q=0.1',
    });
  }

  /**
   * The order's current report: the one `reportId` names, one call; without it (an order whose read named no report)
   * a new user report is made, VOE for an employment-only order.
   */
  private async currentReport(
    { userId, employmentOnly }: ReportLocator,
    reportId?: string,
    http = this.http,
  ): Promise<TruvReport> {
    const readReport = (id: string) =>
      requestJson(http, { method: 'GET', path: reportPath(userId, id) }, truvReportSchema);
    if (reportId) return readReport(reportId);
    const created = await requestJson(
      http,
      { method: 'POST', path: reportPath(userId), body: { is_voe: employmentOnly } },
      truvReportSchema,
    );
    // Truv's demo reads the whole report from the create answer; fetch it when only the id came back.
    return created.links == null && created.report_id ? readReport(created.report_id) : created;
  }

  private requestOrder(providerOrderId: string, http = this.http): Promise<TruvOrder> {
    return requestJson(http, { method: 'GET', path: orderPath(providerOrderId) }, truvOrderSchema);
  }

  /** The id of a refresh of `refreshed` that is not among `earlier`, if one was made. */
  private async findRefresh(refreshed: TruvOrder, earlier: string[]): Promise<string | undefined> {
    const fresh = (id: string | undefined): id is string => id !== undefined && !earlier.includes(id);
    const refreshOrder = linkedOrderId(refreshed.refresh_order);
    if (fresh(refreshOrder)) return refreshOrder;
    if (!refreshed.order_number) return undefined;
    const isRefresh = (order: TruvOrder) => linkedOrderId(order.initial_order) === refreshed.id && fresh(order.id);
    return (await this.ordersNumbered(refreshed.order_number, isRefresh)).find(isRefresh)?.id;
  }

  /**
   * Orders with this `order_number` (the original and its refreshes), up to the page where `found` matches one. The
   * list filter is unconfirmed: the match is checked here, a bare list or a DRF page are both read, and a refusal of
   * the lookup itself reads as none.
   */
  private async ordersNumbered(orderNumber: string, found: (order: TruvOrder) => boolean): Promise<TruvOrder[]> {
    try {
      const orders = await this.listAll(
        { path: 'v1/orders/', query: { order_number: orderNumber } },
        truvOrderSchema,
        MAX_ORDER_PAGES,
        found,
      );
      return orders.filter((order) => order.order_number === orderNumber);
    } catch (err) {
      if (err instanceof ProviderRejectedError) return [];
      throw err;
    }
  }

  /** Every item of a list, following DRF `next` links up to `maxPages`, or until `found` matches an item. */
  private async listAll<Item extends z.ZodType>(
    first: Pick<JsonRequest, 'path' | 'query'>,
    item: Item,
    maxPages: number,
    found?: (item: z.output<Item>) => boolean,
  ): Promise<z.output<Item>[]> {
    const items: z.output<Item>[] = [];
    const listSchema = truvListSchema(item);
    let next: Pick<JsonRequest, 'path' | 'query'> | undefined = first;
    for (let page = 0; next && page < maxPages; page++) {
      const list: TruvList<z.output<Item>> = await requestJson(this.http, { method: 'GET', ...next }, listSchema);
      const pageItems = itemsOf<z.output<Item>>(list);
      items.push(...pageItems);
      if (found && pageItems.some(found)) break;
      next = list && !Array.isArray(list) ? this.relative(list.next) : undefined;
    }
    return items;
  }

  /** A `next` link as a request against our own base URL (a proxy in front of Truv may rewrite hosts). */
  private relative(link: string | null | undefined): Pick<JsonRequest, 'path' | 'query'> | undefined {
    if (!link) return undefined;
    const root = new URL(`${this.http.baseUrl}/`);
    const url = new URL(link, root);
    const rootPath = root.pathname;
    const pathname = url.pathname.startsWith(rootPath) ? url.pathname.slice(rootPath.length) : url.pathname;
    return { path: pathname, query: Object.fromEntries(url.searchParams) };
  }
}

/** The API root without the `/v1` that every path already carries. */
function apiRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

function orderPath(providerOrderId: string): string {
  return `v1/orders/${encodeURIComponent(providerOrderId)}/`;
}

/** `v1/users/{user}/reports/`, or one report under it. */
function reportPath(userId: string, reportId?: string): string {
  const reports = `v1/users/${encodeURIComponent(userId)}/reports/`;
  return reportId ? `${reports}${encodeURIComponent(reportId)}/` : reports;
}

function companyAddress(address: Address | undefined): Record<string, string> | undefined {
  if (!address) return undefined;
  const street = [address.line1, address.line2].filter(Boolean).join(', ');
  const fields = { street, city: address.city, state: address.state, zip: address.postal_code };
  const present = Object.entries(fields).filter((entry): entry is [string, string] => Boolean(entry[1]));
  return present.length > 0 ? Object.fromEntries(present) : undefined;
}

/** Truv's examples show a bare 10-digit US number (`4155554193`); the LOS may send `+1 (415) 555-4193`. */
function phoneDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}
