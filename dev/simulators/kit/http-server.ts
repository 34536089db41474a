import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { FaultSwitches } from './faults';
import type { SimulatorLifecycle } from './lifecycle';
import type { Reply } from './reply';
import { isRecord } from './values';

/** One API request the simulator received. */
export interface SimulatedRequest {
  method: string;
  /** URL path without the query string. */
  path: string;
  /** Epoch ms when the request arrived. */
  at: number;
  /** Status answered; 0 while pending or when the connection was destroyed instead (lost create response). */
  status: number;
}

/** Looks at a request before its body is read: a reply refuses it, undefined lets it through. */
export type RequestGuard = (req: Request) => Reply | undefined;

/** The provider's part of a simulator's API: its checks, endpoints and error bodies. */
export interface SimulatorApi {
  /** Run in order after the request is logged and `failNextRequests` had its say (authentication, version…). */
  guards: RequestGuard[];
  /** Adds the endpoints; each answers through {@link SimulatorHttpServer.send}. */
  routes(app: express.Express): void;
  /** The body of an answer that `failNextRequests` forces. */
  faultBody(status: number, retryAfterSeconds: number | undefined): unknown;
  /** The answer for a path no endpoint takes. */
  notFound: Reply;
  /** The body of a 4xx for a body that cannot be read (400: malformed JSON; 413: too large…). */
  unreadableBody(status: number): unknown;
  /** The body of a 500 for a handler that threw. */
  internalErrorBody: unknown;
}

/**
 * A simulator's HTTP side: the Express app around the provider's endpoints, the request log, the `failNextRequests`
 * and `responseDelayMs` faults, and the server on 127.0.0.1.
 */
export class SimulatorHttpServer {
  /** Every API request received, in order. */
  readonly requests: SimulatedRequest[] = [];
  private readonly recordOf = new WeakMap<Request, SimulatedRequest>();
  private server: http.Server | undefined;
  private url = '';

  constructor(
    private readonly lifecycle: SimulatorLifecycle,
    private readonly faults: FaultSwitches,
  ) {}

  /** e.g. `http://127.0.0.1:PORT`, without a trailing slash; empty until listening. */
  get baseUrl(): string {
    return this.url;
  }

  /** The Express app: log, forced failures, the guards, a JSON body of up to 10 MB, the endpoints, error answers. */
  app(api: SimulatorApi): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false);

    app.use((req, _res, next) => {
      const record: SimulatedRequest = { method: req.method, path: req.path, at: Date.now(), status: 0 };
      this.requests.push(record);
      this.recordOf.set(req, record);
      next();
    });

    app.use((req, res, next) => {
      const fail = this.faults.takeFailure();
      if (!fail) return next();
      const headers: Record<string, string> = {};
      if (fail.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fail.retryAfterSeconds);
      this.send(req, res, { status: fail.status, body: api.faultBody(fail.status, fail.retryAfterSeconds), headers });
    });

    for (const guard of api.guards) {
      app.use((req, res, next) => {
        const refusal = guard(req);
        if (refusal) this.send(req, res, refusal);
        else next();
      });
    }

    app.use(express.json({ limit: '10mb' }));
    api.routes(app);
    app.use((req, res) => this.send(req, res, api.notFound));

    // Express hands body-parser failures (bad JSON, too large, bad charset) and any handler bug to this.
    app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
      const status = httpStatusOf(err);
      if (status !== undefined && status >= 400 && status < 500) {
        this.send(req, res, { status, body: api.unreadableBody(status) });
        return;
      }
      this.send(req, res, { status: 500, body: api.internalErrorBody });
    });
    return app;
  }

  /** Answers a request, after `responseDelayMs`, and records the status in the request log. */
  send(req: Request, res: Response, reply: Reply): void {
    void this.sendLater(req, res, reply);
  }

  /**
   * Listens on `host` (127.0.0.1 unless a container's simulators must be reached from other containers) and `port`
   * (0 picks a free one), and resolves once it does.
   */
  async listen(app: express.Express, port: number, host = '127.0.0.1'): Promise<void> {
    const server = http.createServer(app);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    this.url = `http://${host}:${address.port}`;
  }

  /** Stops listening and closes every connection, keep-alive ones included, so nothing holds the process open. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async sendLater(req: Request, res: Response, reply: Reply): Promise<void> {
    try {
      const delayMs = this.faults.now.responseDelayMs;
      if (delayMs > 0) await this.lifecycle.sleep(delayMs);
      const record = this.recordOf.get(req);
      if (reply.destroySocket || this.lifecycle.closed) {
        req.socket.destroy();
        return;
      }
      if (record) record.status = reply.status;
      if (res.headersSent || res.destroyed) return;
      res.status(reply.status);
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      if (reply.body === undefined) res.end();
      else if (Buffer.isBuffer(reply.body)) res.end(reply.body);
      else res.json(reply.body);
    } catch {
      // The client went away mid-response; there is nobody left to tell.
      req.socket.destroy();
    }
  }
}

/** The HTTP status body-parser attaches to its errors (`status`, or `statusCode` on older versions). */
function httpStatusOf(err: unknown): number | undefined {
  if (!isRecord(err)) return undefined;
  const candidate = err['status'] ?? err['statusCode'];
  return typeof candidate === 'number' ? candidate : undefined;
}
