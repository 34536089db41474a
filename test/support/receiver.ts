import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST a {@link WebhookReceiver} got, with the status it answered. */
export interface ReceivedRequest<Body> {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: Body;
  status: number;
}

/**
 * A real HTTP endpoint that records every webhook POSTed to it and answers with the next scripted status (200 once
 * the script is used up): the stand-in for a LOS receiving voie's results, or for voie receiving a simulator's
 * webhooks.
 */
export class WebhookReceiver<Body = unknown> {
  readonly received: ReceivedRequest<Body>[] = [];
  private script: number[] = [];

  private readonly server: Server = createServer();

  protected constructor(private readonly path: string) {
    this.server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const status = this.script.shift() ?? 200;
        this.received.push({ headers: req.headers, rawBody, body: JSON.parse(rawBody) as Body, status });
        res.writeHead(status).end();
      });
    });
  }

  /** A receiver listening on a free loopback port; `path` is the path of its {@link url}. */
  static listenOn<Body = unknown>(path: string): Promise<WebhookReceiver<Body>> {
    return new WebhookReceiver<Body>(path).listen();
  }

  protected async listen(): Promise<this> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.path}`;
  }

  /** The statuses the next requests get, in order; none resets to always 200. */
  answerWith(...statuses: number[]): void {
    this.script = statuses;
  }

  /** The requests answered 2xx, in the order they came. */
  get delivered(): ReceivedRequest<Body>[] {
    return this.received.filter((request) => request.status < 300);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((done) => this.server.close(() => done()));
  }
}

/** What voie POSTs to a LOS. */
export interface DeliveryBody {
  type: string;
  timestamp: string;
  data: { order: { id: string; status: string }; report?: unknown };
}

/** One result delivery the LOS stand-in got. */
export type ReceivedDelivery = ReceivedRequest<DeliveryBody>;

/** A stand-in LOS receiving voie's result deliveries. */
export class CallbackReceiver extends WebhookReceiver<DeliveryBody> {
  static start(): Promise<CallbackReceiver> {
    return new CallbackReceiver('/hooks/voie').listen();
  }

  /** Deliveries that were answered 2xx, for one order. */
  accepted(orderId: string): ReceivedDelivery[] {
    return this.delivered.filter((delivery) => delivery.body.data.order.id === orderId);
  }
}
