import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Config } from '../config';
import type { RequestGate } from './http';
import type { Applicant, CancelReason, OrderReport, OrderRequest, ProviderHint, ProviderSnapshot } from '../domain';

/** Why voie cancels a provider order: the order's vocabulary, so the workflow that decides it can name it too. */
export type { CancelReason };

/**
 * Which provider order of a voie order is meant: voie's order id, and the employers (indexes into the request's
 * employers) that provider order verifies. A provider that takes one employer per order gets one index.
 */
export interface ProviderOrderRef {
  orderId: string;
  employers: number[];
}

/** A provider order just placed (or found, on a retry), with what the create's answer says of it. */
export interface PlacedOrder {
  providerOrderId: string;
  /**
   * The order as the create's answer (or the lookup) shows it, so that no read has to follow the create. Absent for
   * a provider whose create answers no order.
   */
  snapshot?: ProviderSnapshot;
}

/**
 * A completed provider order that voie re-checks before the loan closes: what a provider needs to re-verify it. The
 * values are the ones the order's last snapshot of it held.
 */
export interface ReverificationSource {
  /** The completed provider order (for Truv, the order refreshed: the original or a refresh of it). */
  providerOrderId: string;
  /** Its report ids (`ProviderSnapshot.reportIds`): Truework re-verifies a report, not an order. */
  reportIds: string[];
  /** When it completed (ISO 8601): Truework re-verifies a report only up to 90 days after that. */
  completedAt: string;
  /**
   * The instant the re-check is judged at (ISO 8601): the workflow's time when it asked, so that a provider's window
   * counts on the order's clock. Now when absent.
   */
  asOf?: string;
}

/**
 * Which re-check of a provider order is meant: the employers it covers (those the original verified), the attempt
 * (1 for the first re-check of the order, carried to the provider where it takes a label), and the provider orders
 * earlier re-checks of the same original placed. Neither Truework's reverification nor Truv's refresh takes a label of
 * voie's, so a retry recognises its own re-check as the re-check of this original that no earlier attempt recorded.
 */
export interface ReverificationRef extends ProviderOrderRef {
  attempt: number;
  earlierRecheckIds: string[];
  /**
   * The re-check serves another order (reuse, `options.reuse`) in place of a provider order of its own: it must verify
   * what that order asks (Truv refreshes the products of its type) and be the free re-check, never a new paid order
   * (the step then creates its own instead).
   */
  reuse?: boolean;
}

/**
 * How the provider re-checked: a Truework reverification of the report, a Truv data refresh of the order, or (Truework
 * past its 90-day window) a new employment order for the same employer.
 */
export type ReverificationKind = 'reverification' | 'refresh' | 'new-order';

/** The provider's PDF of a completed report, as a stream of bytes (never buffered whole, never stored). */
export interface ReportPdf {
  body: Readable;
  /** Bytes, when the provider said. */
  length?: number;
}

/** The operations the order workflow needs from a provider. Every call is safe to retry. */
export interface ProviderClient {
  /**
   * Places the provider order for `ref.employers`, in one call. The ref travels with the provider order (Truework
   * `search_key` and metadata, Truv `order_number` and `suborder_number`) so that {@link findOrder} finds it.
   */
  createOrder(request: OrderRequest, ref: ProviderOrderRef): Promise<PlacedOrder>;
  /**
   * The provider order an earlier create for `ref` placed, if any: a retry after an ambiguous failure (a lost answer,
   * a timeout) looks for it instead of placing a second.
   */
  findOrder(ref: ProviderOrderRef): Promise<PlacedOrder | undefined>;
  /**
   * Re-checks the employment a completed provider order verified, as a new provider order whose progress and report
   * are read with {@link readOrder} and {@link readReport} like any other. Safe to retry: a retry finds the re-check a
   * first attempt placed (see {@link ReverificationRef}) instead of placing a second.
   */
  reverifyOrder(
    original: ReverificationSource,
    request: OrderRequest,
    ref: ReverificationRef,
  ): Promise<{ providerOrderId: string; kind: ReverificationKind }>;
  /**
   * The provider order as it stands; once completed, with its report (`ProviderSnapshot.report`) when the provider
   * can give it with the read, so that no separate fetch follows.
   */
  readOrder(providerOrderId: string): Promise<ProviderSnapshot>;
  /** Cancels the order; an order that is already terminal is not an error. */
  cancelOrder(providerOrderId: string, reason: CancelReason): Promise<void>;
  /** The report of a completed provider order, covering each of its employers the provider verified. */
  readReport(snapshot: ProviderSnapshot): Promise<OrderReport>;
  /**
   * The provider's PDF of a completed provider order's report; a `ProviderRejectedError` when there is none. With a
   * `gate`, every request the read makes waits for it first (the API's PDF reads take the provider's rate limit so).
   */
  readReportPdf(providerOrderId: string, gate?: RequestGate): Promise<ReportPdf>;
}

/** Which order a webhook concerns, by whatever id its payload carries. */
export interface WebhookTarget {
  orderId?: string;
  providerOrderId?: string;
  /** Other provider ids the workflow records (Truv user, link and suborder ids), most specific first. */
  correlationIds?: string[];
}

export interface ParsedWebhook {
  target: WebhookTarget;
  hint: Omit<ProviderHint, 'receivedAt'>;
}

/**
 * A webhook voie refuses (`400`) and forwards nowhere: a field it reads is over `MAX_WEBHOOK_FIELD_LENGTH`
 * (`webhook-bounds.ts`). `refused` says which, for the provider's log.
 */
export interface RefusedWebhook {
  refused: string;
}

/** Authenticates and reads a provider's webhooks. */
export interface ProviderWebhook {
  verify(rawBody: Buffer, headers: IncomingHttpHeaders): boolean;
  /**
   * Returns null for a body this provider does not recognise (acknowledged and logged, never forwarded), and a
   * {@link RefusedWebhook} when any field it would read (ids, event, status, times) is over the bound.
   */
  parse(rawBody: Buffer): ParsedWebhook | RefusedWebhook | null;
}

/** A provider ready for use: its API client and its webhook reader, built from its settings. */
export interface ProviderConnection {
  client: ProviderClient;
  webhook: ProviderWebhook;
}

/** Everything voie knows about one provider. Adding a provider means adding a folder that exports one of these. */
export interface ProviderModule {
  name: string;
  /** Requests per second the provider allows one account; the worker rate-limits the provider's task queue to it. */
  requestsPerSecond: number;
  /**
   * The provider whose account this one's calls go through (the same API key), when not its own: they then share
   * that provider's task queue and rate limit, one budget for the account, and `requestsPerSecond` is that one's.
   */
  account?: string;
  /**
   * Optional fields of an order request this provider needs. Data, not a function, so the request schema checks
   * them and `/openapi.json` states them.
   */
  requiredOrderFields: readonly (keyof OrderRequest)[];
  /**
   * Optional applicant fields without which the provider can find nothing: an order without one is still taken, and
   * its step of this provider is skipped without a call (outcome `not_found`, reason "date of birth required").
   */
  neededApplicantFields?: readonly (keyof Applicant)[];
  /** How many employers one provider order can take; voie places one provider order per group of that many. */
  employersPerOrder: number;
  /**
   * How the provider re-checks a completed order of its own within its free window (Truework `reverification`, Truv
   * `refresh`): with the provider's name, the price key of such a re-check (`truework-reverification`). Absent for a
   * provider voie does not re-check that way.
   */
  reverificationKind?: Exclude<ReverificationKind, 'new-order'>;
  /**
   * Days after a provider order completed within which the provider re-verifies it at no (or a lower) charge
   * (`reverifyOrder`): a step may then reuse it instead of creating another. Absent: nothing to reuse.
   */
  freeReverificationDays?: number;
  /** The provider as the configuration sets it up, or undefined when it is not configured. */
  fromConfig(config: Config): ProviderConnection | undefined;
}
