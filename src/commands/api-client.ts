import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type {
  deliveryLogSchema,
  orderListSchema,
  problemSchema,
  redeliveryAcceptedSchema,
} from '../api/response-schemas';
import type { listQuerySchema } from '../api/orders';
import type { Config } from '../config';
import type { LoanFile, OrderView } from '../domain';

/** `GET /v1/orders`: one page of order summaries and the cursor of the next. */
export type OrderList = z.infer<typeof orderListSchema>;

/** `GET /v1/orders/{id}/deliveries`: the order's delivery log. */
export type DeliveryLog = z.infer<typeof deliveryLogSchema>;

/** `POST /v1/orders/{id}/redeliver`: the event that goes out again. */
export type RedeliveryAccepted = z.infer<typeof redeliveryAcceptedSchema>;

/** An `application/problem+json` body (RFC 9457), as the API answers every error. */
export type Problem = z.infer<typeof problemSchema>;

/**
 * The filters and page of `GET /v1/orders`, as written on the command line: the API's query parameters, named by
 * its own query schema (a renamed parameter fails to compile here), each a string the API judges.
 */
export type OrderListQuery = { [name in keyof z.input<typeof listQuerySchema>]?: string };

/** `PUT /v1/loans/{loan_id}`'s body. The business days go as written when they are not a number: the API judges. */
export interface LoanChange {
  closing_date: string | null;
  reverify_business_days_before_closing?: number | string;
}

/** An API call answered with an error status; `problem` is its body when the API sent a problem document. */
export class ApiProblemError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly problem: Problem | null,
    readonly body: unknown,
  ) {
    super(`${method} ${path} answered ${status}${problem ? ` ${problem.title}: ${problem.detail}` : ''}`);
  }
}

/**
 * voie's API as the CLI calls it: one method per route, each typed with the contract's own types
 * (`src/domain/contract/`, `src/api/response-schemas.ts`). The answers are not parsed again: the CLI prints them as
 * the API sent them, and a field a newer voie adds must not break an older CLI. A generated client can replace this
 * module behind the same methods.
 */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  /** The API of a running voie: `--url`, else `VOIE_URL`, else localhost on the configured port. */
  static of(config: Config, url: string | undefined): ApiClient {
    return new ApiClient(url ?? process.env.VOIE_URL ?? `http://127.0.0.1:${config.port}`, apiKeyFor(config));
  }

  /** `POST /v1/orders` with the body as written (the API judges it). */
  createOrder(body: string): Promise<OrderView> {
    return this.call('POST', '/v1/orders', body);
  }

  getOrder(id: string): Promise<OrderView> {
    return this.call('GET', orderPath(id));
  }

  listOrders(query: OrderListQuery): Promise<OrderList> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query) as [string, string | undefined][]) {
      if (value !== undefined) search.set(name, value);
    }
    const text = search.toString();
    return this.call('GET', `/v1/orders${text ? `?${text}` : ''}`);
  }

  cancelOrder(id: string): Promise<OrderView> {
    return this.call('POST', `${orderPath(id)}/cancel`, '{}');
  }

  /** `PATCH /v1/orders/{id}`: sets, moves or clears (`null`) the order's closing date. */
  setOrderClosingDate(id: string, closingDate: string | null): Promise<OrderView> {
    return this.call('PATCH', orderPath(id), JSON.stringify({ closing_date: closingDate }));
  }

  reverifyOrder(id: string): Promise<OrderView> {
    return this.call('POST', `${orderPath(id)}/reverify`);
  }

  orderDeliveries(id: string): Promise<DeliveryLog> {
    return this.call('GET', `${orderPath(id)}/deliveries`);
  }

  redeliverOrder(id: string): Promise<RedeliveryAccepted> {
    return this.call('POST', `${orderPath(id)}/redeliver`);
  }

  getLoan(loanId: string): Promise<LoanFile> {
    return this.call('GET', loanPath(loanId));
  }

  setLoan(loanId: string, change: LoanChange): Promise<LoanFile> {
    return this.call('PUT', loanPath(loanId), JSON.stringify(change));
  }

  private async call<T>(method: string, path: string, body?: string): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body,
    }).catch((err: unknown) => {
      const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      throw new Error(`cannot reach voie at ${this.baseUrl} (VOIE_URL or --url)${cause}`, { cause: err });
    });
    const payload: unknown = await response.json().catch(() => null);
    if (!response.ok) throw new ApiProblemError(method, path, response.status, asProblem(payload), payload);
    return payload as T;
  }
}

function orderPath(id: string): string {
  return `/v1/orders/${encodeURIComponent(id)}`;
}

function loanPath(loanId: string): string {
  return `/v1/loans/${encodeURIComponent(loanId)}`;
}

/** The body when it is a problem document (a proxy in front of voie may answer something else). */
function asProblem(payload: unknown): Problem | null {
  if (!payload || typeof payload !== 'object') return null;
  const { title, detail, status } = payload as Partial<Problem>;
  return typeof title === 'string' && typeof detail === 'string' && typeof status === 'number'
    ? (payload as Problem)
    : null;
}

/** `VOIE_API_KEY`, else the first of `VOIE_API_KEYS`, else the key `voie dev` generated. */
function apiKeyFor(config: Config): string {
  const fromEnv = process.env.VOIE_API_KEY ?? config.apiKeys[0]?.key;
  if (fromEnv) return fromEnv;
  const devSecrets = join(config.dataDir, 'dev-secrets.json');
  if (existsSync(devSecrets)) return (JSON.parse(readFileSync(devSecrets, 'utf8')) as { apiKey: string }).apiKey;
  throw new Error('set VOIE_API_KEY (or VOIE_API_KEYS) to call the API');
}
