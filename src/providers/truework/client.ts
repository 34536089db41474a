import type { CancelReason, OrderReport, OrderRequest, ProviderSnapshot } from '../../domain';
import { CANCEL_REASONS, isTerminal } from '../../domain';
import { ProviderRejectedError } from '../errors';
import type { HttpSettings, RequestGate } from '../http';
import { requestJson, requestPdf, send } from '../http';
import { withReport } from '../report-with-read';
import type {
  PlacedOrder,
  ProviderClient,
  ProviderOrderRef,
  ReportPdf,
  ReverificationKind,
  ReverificationRef,
  ReverificationSource,
} from '../provider';
import type { TwOrder, TwReport } from './schemas';
import { canonical, twOrderListSchema, twOrderSchema, twReportSchema } from './schemas';
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

/** Truework's `cancellation_reason` for each of voie's; the sentence goes in `cancellation_details`. */
const TRUEWORK_CANCELLATION_REASONS: Record<CancelReason, string> = {
  'los-request': 'other',
  'action-required': 'other',
  deadline: 'high-turnaround-time',
  'step-deadline': 'high-turnaround-time',
  'order-failed': 'other',
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

  /**
   * Places the order for the one employer of `ref` (Truework takes one employer per order). Truework has no
   * idempotency key: voie's order id goes in `search_key` and `metadata.voie_order_id`, the employer's index in
   * `metadata.employer_index` (left out for the first employer, so orders placed before voie verified several
   * employers are found as theirs). The create's answer is the order's first snapshot.
   */
  async createOrder(request: OrderRequest, ref: ProviderOrderRef): Promise<PlacedOrder> {
    const order = await this.placeOrder(request, ref.orderId, oneEmployer(ref), {});
    return { providerOrderId: order.id, snapshot: await this.snapshotWithReport(order) };
  }

  async findOrder(ref: ProviderOrderRef): Promise<PlacedOrder | undefined> {
    const order = await this.findPlacedOrder(ref.orderId, oneEmployer(ref));
    return order && { providerOrderId: order.id, snapshot: await this.snapshotWithReport(order) };
  }

  /**
   * Within 90 days of the original's completion (Truework's window), `POST /orders/reverification` of its report: a
   * new order for the same target at a lower price. Past the window, or with no report to re-verify, or when Truework
   * refuses the reverification (its error for a lapsed window is undocumented), a new `employment` order for the same
   * employer, labelled in its metadata as a re-check of the original (for reuse, an error instead: the reusing step
   * creates an order of its own type). A retry first looks for a re-check of the original that no earlier attempt
   * recorded.
   */
  async reverifyOrder(
    original: ReverificationSource,
    request: OrderRequest,
    ref: ReverificationRef,
  ): Promise<{ providerOrderId: string; kind: ReverificationKind }> {
    const employerIndex = oneEmployer(ref);
    const existing = await this.findRecheck(ref.orderId, original.providerOrderId, ref.earlierRecheckIds);
    if (existing)
      return { providerOrderId: existing.id, kind: existing.reverification ? 'reverification' : 'new-order' };
    const reportId = original.reportIds[0];
    if (
      reportId !== undefined &&
      withinReverificationWindow(original.completedAt, original.asOf ? new Date(original.asOf) : new Date())
    ) {
      try {
        const order = await requestJson(
          this.http,
          { method: 'POST', path: '/orders/reverification', body: { report_id: reportId } },
          twOrderSchema,
        );
        return { providerOrderId: order.id, kind: 'reverification' };
      } catch (err) {
        if (!(err instanceof ProviderRejectedError) || !REVERIFICATION_REFUSALS.includes(err.status) || ref.reuse) {
          throw err;
        }
      }
    }
    if (ref.reuse) throw new ProviderRejectedError('the verification is past its free reverification window', 409);
    const order = await this.placeOrder({ ...request, type: 'employment' }, ref.orderId, employerIndex, {
      voie_reverification_of: original.providerOrderId,
      voie_reverification: String(ref.attempt),
    });
    return { providerOrderId: order.id, kind: 'new-order' };
  }

  /** `POST /orders/target-employer` for the employer at `employerIndex`, `labels` added to the metadata. */
  private placeOrder(
    request: OrderRequest,
    orderId: string,
    employerIndex: number,
    labels: Record<string, string>,
  ): Promise<TwOrder> {
    const employer = request.employers[employerIndex];
    if (employer === undefined) throw new TypeError(`order ${orderId} has no employer ${employerIndex}`);
    const { applicant } = request;
    const address = employer.address;
    return requestJson(
      this.http,
      {
        method: 'POST',
        path: '/orders/target-employer',
        body: {
          type: request.type,
          permissible_purpose: request.permissible_purpose,
          use_case: request.use_case,
          target: {
            ...targetPerson(applicant),
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
          metadata: {
            voie_order_id: orderId,
            external_id: request.external_id,
            // Truework metadata values must be strings.
            ...(employerIndex ? { employer_index: String(employerIndex) } : {}),
            ...labels,
          },
        },
      },
      twOrderSchema,
    );
  }

  /** The order, with its report once completed: Truework embeds the reports in the order, so no call is added. */
  async readOrder(providerOrderId: string): Promise<ProviderSnapshot> {
    return this.snapshotWithReport(await this.requestOrder(providerOrderId));
  }

  /**
   * An order's snapshot, with its report once completed, from an answer already in hand (a create's, a read's): the
   * reports embedded in it are used as they are, so no call is added.
   */
  snapshotWithReport(order: TwOrder): Promise<ProviderSnapshot> {
    const snapshot = snapshotOf(order);
    return withReport(snapshot, () => this.reportOf(order, snapshot.reportIds));
  }

  async cancelOrder(providerOrderId: string, reason: CancelReason): Promise<void> {
    try {
      await send(this.http, {
        method: 'PUT',
        path: `/orders/${encodeURIComponent(providerOrderId)}/cancel`,
        body: {
          cancellation_reason: TRUEWORK_CANCELLATION_REASONS[reason],
          cancellation_details: CANCEL_REASONS[reason],
        },
      });
    } catch (err) {
      // What Truework answers for an order that already ended is undocumented: a refusal of one is not an error.
      if (
        !(err instanceof ProviderRejectedError) ||
        !isTerminal(snapshotOf(await this.requestOrder(providerOrderId)).status)
      )
        throw err;
    }
  }

  async readReport(snapshot: ProviderSnapshot): Promise<OrderReport> {
    return this.reportOf(await this.requestOrder(snapshot.providerOrderId), snapshot.reportIds);
  }

  /** The order's reports `reportIds`, as embedded in the order, each read on its own only if it is not. */
  private async reportOf(order: TwOrder, reportIds: string[]): Promise<OrderReport> {
    const embedded = (order.verification_requests ?? []).flatMap((vr) => vr.reports ?? []);
    const reports: TwReport[] = [];
    for (const id of reportIds) {
      reports.push(
        embedded.find((report) => report.id === id) ??
          (await requestJson(this.http, { method: 'GET', path: `/reports/${encodeURIComponent(id)}` }, twReportSchema)),
      );
    }
    return {
      normalized: normalizeReport(reports, orderType(order)),
      provider_report: { order_id: order.id, reports },
    };
  }

  /**
   * The PDF of the order's first report, which Truework serves at the report's own URL for `Accept:
   * application/pdf`. The order is read again, so the PDF is of the report as it stands now: two requests, each let
   * through by `gate` first when given.
   */
  async readReportPdf(providerOrderId: string, gate?: RequestGate): Promise<ReportPdf> {
    const http = gate ? { ...this.http, gate } : this.http;
    const order = await this.requestOrder(providerOrderId, http);
    const reportId = (order.verification_requests ?? []).flatMap((vr) => vr.reports ?? [])[0]?.id;
    if (!reportId) throw new ProviderRejectedError(`Truework order ${providerOrderId} has no completed report`, 404);
    return requestPdf(http, {
      method: 'GET',
      path: `/reports/${encodeURIComponent(reportId)}`,
      accept: `application/pdf; version=${TRUEWORK_API_VERSION}`,
    });
  }

  private requestOrder(providerOrderId: string, http = this.http): Promise<TwOrder> {
    return requestJson(http, { method: 'GET', path: `/orders/${encodeURIComponent(providerOrderId)}` }, twOrderSchema);
  }

  /** The order already placed for `orderId`'s employer at `employerIndex`, if a first attempt landed. */
  private async findPlacedOrder(orderId: string, employerIndex: number): Promise<TwOrder | undefined> {
    // search_key is not unique at Truework, and all of a voie order's employers share it: confirm with the metadata.
    return (await this.ordersOf(orderId)).find((order) => {
      const metadata = order.target_employer?.metadata;
      return (
        !isRecheck(order) &&
        metadata?.['voie_order_id'] === orderId &&
        Number(metadata['employer_index'] ?? 0) === employerIndex
      );
    });
  }

  /**
   * A re-check of `parentId` no earlier attempt recorded: a reverification of it (found under the voie order's
   * `search_key` only if Truework copies the parent's, which is unconfirmed) or a new order labelled as its re-check.
   */
  private async findRecheck(orderId: string, parentId: string, earlier: string[]): Promise<TwOrder | undefined> {
    return (await this.ordersOf(orderId)).find(
      (order) =>
        !earlier.includes(order.id) &&
        (order.reverification?.parent_order_id === parentId ||
          order.target_employer?.metadata?.['voie_reverification_of'] === parentId),
    );
  }

  private async ordersOf(orderId: string): Promise<TwOrder[]> {
    const list = await requestJson(
      this.http,
      { method: 'GET', path: '/orders', query: { search_key: orderId, limit: '25' } },
      twOrderListSchema,
    );
    return list.results ?? [];
  }
}

/** Truework's reverification window: no more than 90 days since the original verification completed. */
const REVERIFICATION_WINDOW_MS = 90 * 24 * 3_600_000;

/** Refusals of a reverification that a new order may still get past (a lapsed window, a report Truework lost). */
const REVERIFICATION_REFUSALS: readonly number[] = [400, 404];

/** Whether a report completed at `completedAt` can still be re-verified at `now`; an unreadable time cannot. */
export function withinReverificationWindow(completedAt: string, now: Date): boolean {
  const elapsed = now.getTime() - Date.parse(completedAt);
  return elapsed >= 0 && elapsed <= REVERIFICATION_WINDOW_MS;
}

/** A reverification, or an order voie placed as a re-check: never the order `createOrder` placed. */
function isRecheck(order: TwOrder): boolean {
  return order.reverification != null || order.target_employer?.metadata?.['voie_reverification_of'] !== undefined;
}

/** The one employer of a ref; the workflow groups employers by `employersPerOrder`, so anything else is a bug. */
function oneEmployer(ref: ProviderOrderRef): number {
  const [employerIndex, ...others] = ref.employers;
  if (employerIndex === undefined || others.length > 0) {
    throw new TypeError(
      `A Truework order takes exactly one of the request's employers, not [${ref.employers.join(', ')}]`,
    );
  }
  return employerIndex;
}

/** The order's `type` (`employment` for a VOE), as the order echoes it or else as its verification requests state it. */
function orderType(order: TwOrder): string | undefined {
  return canonical(order.target_employer?.type) ?? canonical(order.verification_requests?.[0]?.type);
}

/** The person a Truework order verifies, as its `target` names them (an order adds the company, a search nothing). */
export function targetPerson(applicant: OrderRequest['applicant']) {
  return {
    first_name: applicant.first_name,
    last_name: applicant.last_name,
    social_security_number: applicant.ssn,
    date_of_birth: applicant.date_of_birth ?? null,
    contact_email: applicant.email ?? null,
    phone_number: applicant.phone ?? null,
  };
}
