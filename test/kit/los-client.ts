import { createVoieClient, type OrderRequest, type VoieClient } from '../../packages/client/src';
import type { OrderView } from '../../src/domain';
import type { OrderBody } from './order-body';
import { eventually } from './wait';

/** An answer of voie's API. */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  /** The body parsed as JSON; the text itself when it is not JSON; `null` when empty. */
  body: T;
}

/** Where the LOS finds voie and how it authenticates. */
export interface LosClientOptions {
  /** voie's API, e.g. `http://127.0.0.1:3000`; a function when it moves (a redeployed API listens on a new port). */
  baseUrl: string | (() => string);
  /** Sent as `Authorization: Bearer <apiKey>` on every call. */
  apiKey: string;
}

/**
 * A LOS calling voie's API over HTTP, as tests, the cluster suite, the bench and the system tests all do: the only
 * place they build requests to voie.
 */
export class LosClient {
  constructor(private readonly options: LosClientOptions) {}

  get baseUrl(): string {
    const { baseUrl } = this.options;
    return typeof baseUrl === 'string' ? baseUrl : baseUrl();
  }

  /**
   * One call to the API with the key. A string body is sent as it is (a test of malformed JSON); any other body as
   * JSON. `headers` go over the defaults (an empty `authorization` sends none worth the name).
   */
  async api<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.options.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON (a proxy's error page, a PDF's text): the test reads the text.
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  /** voie's typed client (`packages/client`), on the API's current URL: what an LOS integrating voie calls. */
  get client(): VoieClient {
    return createVoieClient({ baseUrl: this.baseUrl, apiKey: this.options.apiKey });
  }

  /** A `GET` whose body is read as bytes (a PDF). */
  async getBytes(path: string): Promise<ApiResponse<Buffer>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${this.options.apiKey}` },
    });
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  }

  /** `POST /v1/orders`; throws unless voie answers 201. */
  async placeOrder(body: OrderBody): Promise<OrderView> {
    const { data, error, response } = await this.client.POST('/v1/orders', { body: body as OrderRequest });
    if (response.status !== 201 || !data) {
      throw new Error(`order not placed: ${response.status} ${JSON.stringify(error ?? data)}`);
    }
    return data;
  }

  /** Reads the order until it satisfies `done`, and returns it as last read. */
  async waitForOrder(id: string, done: (order: OrderView) => boolean, timeoutMs = 30_000): Promise<OrderView> {
    let last: OrderView | undefined;
    return eventually(
      async () => {
        const { data } = await this.client.GET('/v1/orders/{id}', { params: { path: { id } } });
        if (!data) return undefined;
        last = data;
        return done(last) ? last : undefined;
      },
      { timeoutMs, intervalMs: 100, what: () => `order ${id} getting there; last seen: ${JSON.stringify(last)}` },
    );
  }

  /**
   * Reads the orders until each satisfies `done` (an order that did is not read again), and returns them in the
   * order of `ids`. Each round reads every order still waited for, so rounds are further apart than one order's.
   */
  async waitForOrders(ids: string[], done: (order: OrderView) => boolean, timeoutMs = 30_000): Promise<OrderView[]> {
    const settled = new Map<string, OrderView>();
    await eventually(
      async () => {
        for (const id of ids.filter((id) => !settled.has(id))) {
          const { data } = await this.client.GET('/v1/orders/{id}', { params: { path: { id } } });
          if (data && done(data)) settled.set(id, data);
        }
        return settled.size === ids.length;
      },
      { timeoutMs, intervalMs: 500, what: () => `${ids.length - settled.size} of ${ids.length} orders getting there` },
    );
    return ids.map((id) => settled.get(id)!);
  }
}
