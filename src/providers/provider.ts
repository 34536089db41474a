import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from '../config';
import type { OrderReport, OrderRequest, ProviderHint, ProviderSnapshot } from '../domain';

/** Why voie cancels a provider order; each provider maps it to its own reason codes. */
export type CancelReason = 'los-request' | 'action-required' | 'deadline';

/** The operations the order workflow needs from a provider. Every call is safe to retry. */
export interface ProviderClient {
  /**
   * Places the order. `orderId` is voie's order id: it travels with the provider order so that a retry after an
   * ambiguous failure finds the order already made instead of making a second.
   */
  createOrder(request: OrderRequest, orderId: string): Promise<{ providerOrderId: string }>;
  getOrder(providerOrderId: string): Promise<ProviderSnapshot>;
  /** Cancels the order; an order that is already terminal is not an error. */
  cancelOrder(providerOrderId: string, reason: CancelReason): Promise<void>;
  getReport(snapshot: ProviderSnapshot): Promise<OrderReport>;
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

/** Authenticates and reads a provider's webhooks. */
export interface ProviderWebhook {
  verify(rawBody: Buffer, headers: IncomingHttpHeaders): boolean;
  /** Returns null for a body this provider does not recognise (acknowledged and logged, never forwarded). */
  parse(rawBody: Buffer): ParsedWebhook | null;
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
   * Optional fields of an order request this provider needs. Data, not a function, so the request schema checks
   * them and `/openapi.json` states them.
   */
  requiredOrderFields: readonly (keyof OrderRequest)[];
  /** The provider as the configuration sets it up, or undefined when it is not configured. */
  fromConfig(config: Config): ProviderConnection | undefined;
}
