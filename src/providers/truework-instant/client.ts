import type { CancelReason, OrderReport, OrderRequest, ProviderSnapshot } from '../../domain';
import { ProviderRejectedError } from '../errors';
import type { HttpSettings, RequestGate } from '../http';
import { requestJson } from '../http';
import type {
  PlacedOrder,
  ProviderClient,
  ProviderOrderRef,
  ReportPdf,
  ReverificationKind,
  ReverificationRef,
  ReverificationSource,
} from '../provider';
import type { TrueworkSettings } from '../truework/client';
import { targetPerson, TRUEWORK_API_VERSION, TrueworkClient } from '../truework/client';
import type { TwSearchOrder } from './schemas';
import { twSearchOrderListSchema, twSearchOrderSchema } from './schemas';

/**
 * How long voie waits for an employer search's answer. The search is synchronous: Truework looks the applicant up in
 * its Instant database within the request and answers with the finished order, which takes longer than a read
 * (seconds, not milliseconds). Past this the answer is taken as lost: the activity's retry looks the order up by
 * `search_key` before searching again, so a search that finished late is not paid twice.
 */
export const INSTANT_SEARCH_TIMEOUT_MS = 45_000;

/** Why a search found nothing, for an order Truework canceled without saying (the sandbox's `000-11-XXXX`). */
const NOTHING_FOUND = 'Truework Instant found no record of the applicant';

/**
 * Truework Instant through `POST /orders/employer-search`: one synchronous search of Truework's Instant database
 * for the applicant (no employer named, date of birth required), whose answer is the order already completed with
 * its reports, or canceled when the search found nothing. Every other call is Truework's own client's, the order
 * being a Truework order like any other: reads, reports, PDFs, cancels (a no-op on a search, which is always
 * terminal) and reverification (Truework re-verifies any report).
 */
export class TrueworkInstantClient implements ProviderClient {
  private readonly truework: TrueworkClient;
  private readonly search: HttpSettings;
  private readonly http: HttpSettings;

  constructor(settings: TrueworkSettings) {
    this.truework = new TrueworkClient(settings);
    this.http = {
      baseUrl: settings.baseUrl,
      timeoutMs: settings.timeoutMs ?? 20_000,
      headers: {
        authorization: `Bearer ${settings.apiKey}`,
        accept: `application/json; version=${TRUEWORK_API_VERSION}`,
      },
    };
    this.search = { ...this.http, timeoutMs: settings.timeoutMs ?? INSTANT_SEARCH_TIMEOUT_MS };
  }

  /**
   * Searches for the applicant across every employer of `ref` at once (the search names none). Truework has no
   * idempotency key: voie's order id goes in `search_key` and `metadata.voie_order_id`, so that {@link findOrder}
   * finds a search whose answer was lost.
   */
  async createOrder(request: OrderRequest, ref: ProviderOrderRef): Promise<PlacedOrder> {
    const { applicant } = request;
    // The workflow skips the step without a date of birth; a request without one reaching here is refused unsent.
    if (!applicant.date_of_birth) throw new ProviderRejectedError('an employer search needs a date of birth', 400);
    const order = await requestJson(
      this.search,
      {
        method: 'POST',
        path: '/orders/employer-search',
        body: {
          type: request.type,
          permissible_purpose: request.permissible_purpose,
          use_case: request.use_case,
          target: targetPerson(applicant),
          loan_id: request.loan_id ?? null,
          search_key: ref.orderId,
          // Truework metadata values must be strings.
          metadata: { voie_order_id: ref.orderId, external_id: request.external_id },
        },
      },
      twSearchOrderSchema,
    );
    return this.placed(order);
  }

  /** The search an earlier create for `ref` made, if it landed: found by `search_key`, confirmed by its metadata. */
  async findOrder(ref: ProviderOrderRef): Promise<PlacedOrder | undefined> {
    const list = await requestJson(
      this.http,
      { method: 'GET', path: '/orders', query: { search_key: ref.orderId, limit: '25' } },
      twSearchOrderListSchema,
    );
    // A waterfall's later Truework step shares the search_key: only the order's employer search is this step's.
    const order = (list.results ?? []).find(
      (candidate) => candidate.employer_search?.metadata?.['voie_order_id'] === ref.orderId,
    );
    return order && this.placed(order);
  }

  /** Truework re-verifies the search's report as it would any other's: the report names the employer it found. */
  reverifyOrder(
    original: ReverificationSource,
    request: OrderRequest,
    ref: ReverificationRef,
  ): Promise<{ providerOrderId: string; kind: ReverificationKind }> {
    // One search covers all of the order's employers; Truework's client re-checks one employer per order.
    return this.truework.reverifyOrder(original, request, { ...ref, employers: ref.employers.slice(0, 1) });
  }

  async readOrder(providerOrderId: string): Promise<ProviderSnapshot> {
    return instantSnapshot(await this.truework.readOrder(providerOrderId));
  }

  cancelOrder(providerOrderId: string, reason: CancelReason): Promise<void> {
    return this.truework.cancelOrder(providerOrderId, reason);
  }

  readReport(snapshot: ProviderSnapshot): Promise<OrderReport> {
    return this.truework.readReport(snapshot);
  }

  readReportPdf(providerOrderId: string, gate?: RequestGate): Promise<ReportPdf> {
    return this.truework.readReportPdf(providerOrderId, gate);
  }

  /** The search as placed: its answer carries the finished order, reports embedded, so nothing is read after it. */
  private async placed(order: TwSearchOrder): Promise<PlacedOrder> {
    return { providerOrderId: order.id, snapshot: instantSnapshot(await this.truework.snapshotWithReport(order)) };
  }
}

/**
 * A search's snapshot as the waterfall reads it: a canceled search found nothing, whatever reason Truework gave, so
 * the step ends `not_found` and the next step gets the order. It covers every employer of the order at once, so its
 * one employer entry stands for none in particular.
 */
function instantSnapshot(snapshot: ProviderSnapshot): ProviderSnapshot {
  const { employers: _one, ...rest } = snapshot;
  if (snapshot.status !== 'canceled') return rest;
  return { ...rest, outcome: 'not_found', reason: snapshot.reason ?? NOTHING_FOUND };
}
