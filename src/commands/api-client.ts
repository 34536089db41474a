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
import { createVoieClient, type operations, type VoieClient } from '../../packages/client/src';

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
 * voie's API as the CLI calls it: one method per route, over the typed client of `packages/client` (generated from
 * `/openapi.json`). The bodies go as written on the command line (the API judges them), and the answers are not
 * parsed again: the CLI prints them as the API sent them, and a field a newer voie adds must not break an older CLI.
 */
export class ApiClient {
  private readonly client: VoieClient;

  constructor(
    private readonly baseUrl: string,
    apiKey: string,
  ) {
    this.client = createVoieClient({ baseUrl, apiKey });
  }

  /** The API of a running voie: `--url`, else `VOIE_URL`, else localhost on the configured port. */
  static of(config: Config, url: string | undefined): ApiClient {
    return new ApiClient(url ?? process.env.VOIE_URL ?? `http://127.0.0.1:${config.port}`, apiKeyFor(config));
  }

  /** `POST /v1/orders` with the body as written (the API judges it). */
  createOrder(body: string): Promise<OrderView> {
    return this.answer('POST', '/v1/orders', this.client.POST('/v1/orders', { ...asWritten(body) }));
  }

  getOrder(id: string): Promise<OrderView> {
    return this.answer('GET', orderPath(id), this.client.GET('/v1/orders/{id}', { params: { path: { id } } }));
  }

  listOrders(query: OrderListQuery): Promise<OrderList> {
    const given = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
    const text = new URLSearchParams(given).toString();
    // The filters go as written: the API judges them (a `limit` of `ten` is its 400, not the CLI's).
    const params = { query: given as NonNullable<operations['listOrders']['parameters']['query']> };
    return this.answer('GET', `/v1/orders${text ? `?${text}` : ''}`, this.client.GET('/v1/orders', { params }));
  }

  cancelOrder(id: string): Promise<OrderView> {
    const call = this.client.POST('/v1/orders/{id}/cancel', { params: { path: { id } }, body: {} });
    return this.answer('POST', `${orderPath(id)}/cancel`, call);
  }

  /** `PATCH /v1/orders/{id}`: sets, moves or clears (`null`) the order's closing date. */
  setOrderClosingDate(id: string, closingDate: string | null): Promise<OrderView> {
    const call = this.client.PATCH('/v1/orders/{id}', {
      params: { path: { id } },
      body: { closing_date: closingDate },
    });
    return this.answer('PATCH', orderPath(id), call);
  }

  reverifyOrder(id: string): Promise<OrderView> {
    const call = this.client.POST('/v1/orders/{id}/reverify', { params: { path: { id } } });
    return this.answer('POST', `${orderPath(id)}/reverify`, call);
  }

  orderDeliveries(id: string): Promise<DeliveryLog> {
    const call = this.client.GET('/v1/orders/{id}/deliveries', { params: { path: { id } } });
    return this.answer('GET', `${orderPath(id)}/deliveries`, call);
  }

  redeliverOrder(id: string): Promise<RedeliveryAccepted> {
    const call = this.client.POST('/v1/orders/{id}/redeliver', { params: { path: { id } } });
    return this.answer('POST', `${orderPath(id)}/redeliver`, call);
  }

  getLoan(loanId: string): Promise<LoanFile> {
    const call = this.client.GET('/v1/loans/{loan_id}', { params: { path: { loan_id: loanId } } });
    return this.answer('GET', loanPath(loanId), call);
  }

  setLoan(loanId: string, change: LoanChange): Promise<LoanFile> {
    const call = this.client.PUT('/v1/loans/{loan_id}', {
      params: { path: { loan_id: loanId } },
      ...asWritten(JSON.stringify(change)),
    });
    return this.answer('PUT', loanPath(loanId), call);
  }

  /** The answer's body when the API answered 2xx; else an `ApiProblemError`, or an error saying voie is unreachable. */
  private async answer<T>(
    method: string,
    path: string,
    call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
  ): Promise<T> {
    const { data, error, response } = await call.catch((err: unknown) => {
      const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      throw new Error(`cannot reach voie at ${this.baseUrl} (VOIE_URL or --url)${cause}`, { cause: err });
    });
    if (!response.ok) {
      const payload = typeof error === 'string' ? null : (error ?? null);
      throw new ApiProblemError(method, path, response.status, asProblem(payload), payload);
    }
    return data as T;
  }
}

/**
 * A JSON body sent as written, not serialized again: the typed client's body type is the API's, and the CLI's
 * bodies are strings the API judges.
 */
function asWritten(text: string): { body: never; bodySerializer: (body: unknown) => string } {
  return { body: text as never, bodySerializer: () => text };
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
