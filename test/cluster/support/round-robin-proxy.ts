import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer the proxy relayed (or made up: 502 when no backend answered). */
export interface RelayedAnswer {
  method: string;
  path: string;
  status: number;
  /** The backend that answered, or undefined for the proxy's own 502. */
  backend: string | undefined;
  /** When the request came in and when its answer went out (ms since the epoch). */
  receivedAt: number;
  answeredAt: number;
  /** A copy the proxy sent itself in a webhook flood. */
  copy?: boolean;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'upgrade']);

/**
 * The load balancer in front of the `voie api` processes, as production has one: each request goes to the next
 * backend in turn; one that refuses the connection is skipped for the next. Everyone goes through it, the LOS
 * (the test) and the providers' webhooks (the simulators), and it keeps every status it relayed, so a test can
 * check that no request anywhere was answered 500.
 */
export class RoundRobinProxy {
  readonly answers: RelayedAnswer[] = [];
  /** Every failed attempt to reach a backend (refused, reset), for the error of a test that fails. */
  readonly refusals: { backend: string; error: string; at: number }[] = [];
  private backends: string[] = [];
  private webhookCopies = 1;
  private webhookSpreadMs = 0;
  private next = 0;
  private readonly server: Server;

  private constructor() {
    this.server = createServer((req, res) => {
      const receivedAt = Date.now();
      void readBody(req).then(async (body) => {
        if (req.url?.startsWith('/webhooks/')) this.sendCopies(req, body);
        const { status, headers, payload, backend } = await this.relay(req, body);
        const answer = { method: req.method ?? 'GET', path: req.url ?? '/', status, backend };
        this.answers.push({ ...answer, receivedAt, answeredAt: Date.now() });
        res.writeHead(status, headers).end(payload);
      });
    });
  }

  static async start(): Promise<RoundRobinProxy> {
    const proxy = new RoundRobinProxy();
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /**
   * A webhook flood: every provider webhook also goes to the APIs `copies - 1` more times, each copy after a random
   * delay of up to `spreadMs`, so that copies and events arrive out of order. `copies` 1 ends it.
   */
  floodWebhooks(copies: number, spreadMs = 3_000): void {
    this.webhookCopies = copies;
    this.webhookSpreadMs = spreadMs;
  }

  /** The base URLs requests are shared between. */
  setBackends(urls: string[]): void {
    this.backends = urls;
  }

  /**
   * What must never happen: a `500` (a bug in voie), or no API answering at all (the proxy's own 502). A `503` is
   * voie saying "retry later" and is counted apart.
   */
  get failures(): RelayedAnswer[] {
    return this.answers.filter((answer) => answer.status === 500 || answer.backend === undefined);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private sendCopies(req: IncomingMessage, body: Buffer): void {
    const receivedAt = Date.now();
    for (let copy = 1; copy < this.webhookCopies; copy += 1) {
      setTimeout(() => {
        void this.relay(req, body).then(({ status, backend }) => {
          const answer = { method: req.method ?? 'POST', path: req.url ?? '/', status, backend };
          this.answers.push({ ...answer, receivedAt, answeredAt: Date.now(), copy: true });
        });
      }, Math.random() * this.webhookSpreadMs);
    }
  }

  private async relay(
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; payload: Buffer; backend: string | undefined }> {
    const headers = Object.fromEntries(
      Object.entries(req.headers)
        .filter(([name, value]) => !HOP_BY_HOP.has(name) && typeof value === 'string')
        .map(([name, value]) => [name, value as string]),
    );
    // Each backend twice: a pooled keep-alive connection the backend has just closed fails once, as at any balancer.
    const first = this.next++;
    for (let tries = 0; tries < 2 * this.backends.length; tries += 1) {
      const backend = this.backends[(first + tries) % this.backends.length]!;
      let response: Response;
      try {
        response = await fetch(`${backend}${req.url ?? '/'}`, {
          method: req.method,
          headers,
          body: body.length > 0 ? body : undefined,
          redirect: 'manual',
        });
      } catch (err) {
        this.refusals.push({ backend, error: String((err as Error).cause ?? err), at: Date.now() });
        continue; // connection refused or reset: the next backend
      }
      const answerHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') answerHeaders[name] = value;
      });
      return {
        status: response.status,
        headers: answerHeaders,
        payload: Buffer.from(await response.arrayBuffer()),
        backend,
      };
    }
    return { status: 502, headers: {}, payload: Buffer.from('no backend answered'), backend: undefined };
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
