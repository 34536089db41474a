import type { OrderReport, OrderRequest, ProviderSnapshot } from '../../domain';
import { isTerminal } from '../../domain';
import { ProviderRejectedError } from '../errors';
import type { HttpSettings } from '../http';
import { requestJson, send } from '../http';
import type { CancelReason, ProviderClient } from '../provider';
import type { TwOrder, TwReport } from './schemas';
import { twOrderListSchema, twOrderSchema, twReportSchema } from './schemas';
import { normalizeReport, snapshotOf } from './normalize';

/** The API version voie speaks; pinned so a key upgraded in Truework's settings cannot change the shapes. */
export const TRUEWORK_API_VERSION = '2023-10-30';

export interface TrueworkSettings {
  baseUrl: string;
  apiKey: string;
  /** Accepted `X-Truework-Token` values (one per Truework webhook subscription). */
  webhookTokens: string[];
  timeoutMs?: number;
}

const CANCEL_REASONS: Record<CancelReason, string> = {
  'los-request': 'other',
  'action-required': 'other',
  deadline: 'high-turnaround-time',
};

const CANCEL_DETAILS: Record<CancelReason, string> = {
  'los-request': 'canceled by the lender',
  'action-required': 'auto-cancel: verification entered action-required',
  deadline: 'auto-cancel: order deadline passed',
};

export class TrueworkClient implements ProviderClient {
  private readonly http: HttpSettings;

  constructor(settings: TrueworkSettings) {
    this.http = {
      baseUrl: settings.baseUrl,
      timeoutMs: settings.timeoutMs ?? 20_000,
      headers: {
        authorization: `Bearer ${settings.apiKey}`,
        accept: `application/json; version=${TRUEWORK_API_VERSION}`,
      },
    };
  }

  /** Truework has no idempotency key: voie's order id goes in `search_key`, and a retry looks it up first. */
  async createOrder(request: OrderRequest, orderId: string): Promise<{ providerOrderId: string }> {
    const existing = await this.findByOrderId(orderId);
    if (existing) return { providerOrderId: existing.id };
    const { applicant, employer } = request;
    const address = employer.address;
    const order = await requestJson(
      this.http,
      {
        method: 'POST',
        path: '/orders/target-employer',
        body: {
          type: request.type,
          permissible_purpose: request.permissible_purpose,
          use_case: request.use_case,
          target: {
            first_name: applicant.first_name,
            last_name: applicant.last_name,
            social_security_number: applicant.ssn,
            date_of_birth: applicant.date_of_birth ?? null,
            contact_email: applicant.email ?? null,
            phone_number: applicant.phone ?? null,
            company: {
              name: employer.name,
              address: address
                ? {
                    address: address.line1 ?? null,
                    extended_address: address.line2 ?? null,
                    city: address.city ?? null,
                    country_subdivision_code: address.state ?? null,
                    postal_code: address.postal_code ?? null,
                    country_code: address.country ?? null,
                  }
                : null,
            },
          },
          loan_id: request.loan_id ?? null,
          search_key: orderId,
          metadata: { voie_order_id: orderId, external_id: request.external_id },
        },
      },
      twOrderSchema,
    );
    return { providerOrderId: order.id };
  }

  async getOrder(providerOrderId: string): Promise<ProviderSnapshot> {
    return snapshotOf(await this.readOrder(providerOrderId));
  }

  async cancelOrder(providerOrderId: string, reason: CancelReason): Promise<void> {
    try {
      await send(this.http, {
        method: 'PUT',
        path: `/orders/${encodeURIComponent(providerOrderId)}/cancel`,
        body: { cancellation_reason: CANCEL_REASONS[reason], cancellation_details: CANCEL_DETAILS[reason] },
      });
    } catch (err) {
      // What Truework answers for an order that already ended is undocumented: a refusal of one is not an error.
      if (!(err instanceof ProviderRejectedError) || !isTerminal((await this.getOrder(providerOrderId)).status))
        throw err;
    }
  }

  async getReport(snapshot: ProviderSnapshot): Promise<OrderReport> {
    const order = await this.readOrder(snapshot.providerOrderId);
    const embedded = (order.verification_requests ?? []).flatMap((vr) => vr.reports ?? []);
    const reports: TwReport[] = [];
    for (const id of snapshot.reportIds) {
      reports.push(
        embedded.find((report) => report.id === id) ??
          (await requestJson(this.http, { method: 'GET', path: `/reports/${encodeURIComponent(id)}` }, twReportSchema)),
      );
    }
    return { normalized: normalizeReport(reports), provider_report: { order_id: order.id, reports } };
  }

  private readOrder(providerOrderId: string): Promise<TwOrder> {
    return requestJson(
      this.http,
      { method: 'GET', path: `/orders/${encodeURIComponent(providerOrderId)}` },
      twOrderSchema,
    );
  }

  private async findByOrderId(orderId: string): Promise<TwOrder | undefined> {
    const list = await requestJson(
      this.http,
      { method: 'GET', path: '/orders', query: { search_key: orderId, limit: '25' } },
      twOrderListSchema,
    );
    // search_key is not unique at Truework: confirm with the metadata voie wrote.
    return (list.results ?? []).find((order) => order.target_employer?.metadata?.voie_order_id === orderId);
  }
}
