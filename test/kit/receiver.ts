import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Decides the status of a request the script does not cover (it may ask, say, the Temporal clock). */
export type AnswerRule = () => number | Promise<number>;

/** One POST a {@link WebhookReceiver} got, with the status it answered. */
export interface ReceivedRequest<Body> {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: Body;
  status: number;
  /** Epoch ms when the whole body had arrived. */
  at: number;
}

/**
 * A real HTTP endpoint that records every webhook POSTed to it and answers with the next scripted status (once the
 * script is used up, what its rule says, else 200), after its hold if one is set: the stand-in for a LOS receiving
 * voie's results, or for voie receiving a simulator's webhooks. A request is recorded as soon as its body is in, so a
 * request whose sender died during the hold counts as received (the LOS processed it; the answer was lost).
 */
export class WebhookReceiver<Body = unknown> {
  readonly received: ReceivedRequest<Body>[] = [];
  private script: number[] = [];
  private rule: AnswerRule | undefined;
  private holdMs = 0;

  private readonly server: Server = createServer();

  protected constructor(private readonly path: string) {
    this.server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => void this.answer(req.headers, Buffer.concat(chunks).toString('utf8'), res));
    });
  }

  /** The status a request gets whatever the script says (a LOS refusing a bad signature), if any. */
  protected refusal(_headers: IncomingHttpHeaders, _rawBody: string): number | undefined {
    return undefined;
  }

  private async answer(headers: IncomingHttpHeaders, rawBody: string, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const status = this.refusal(headers, rawBody) ?? this.script.shift() ?? (await this.rule?.()) ?? 200;
    this.received.push({ headers, rawBody, body: JSON.parse(rawBody) as Body, status, at });
    if (this.holdMs > 0) await new Promise((done) => setTimeout(done, this.holdMs));
    // The sender may have gone during the hold (a killed worker): its answer goes nowhere.
    if (!res.destroyed) res.writeHead(status).end();
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

  /** The rule that decides the status of each request after the script (a LOS down until some moment). */
  answerBy(rule: AnswerRule | undefined): void {
    this.rule = rule;
  }

  /** Holds every answer `ms` before sending it (a slow LOS: deliveries stay in flight); 0 answers at once. */
  holdAnswers(ms: number): void {
    this.holdMs = ms;
  }

  /** Back to answering 200 at once: no script, no rule, no hold. */
  reset(): void {
    this.script = [];
    this.rule = undefined;
    this.holdMs = 0;
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

/**
 * A Standard Webhooks signature, `v1,<base64 HMAC-SHA256 of id.timestamp.body>` keyed by a `whsec_` secret: written
 * from the specification, not with voie's code or library, so a test fails if voie signs differently from what a LOS
 * verifies.
 */
export function standardWebhookSignature(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** Verifies a result delivery the way a LOS would: one of the `webhook-signature` entries must match. */
export function deliverySignatureIsValid(
  delivery: Pick<ReceivedDelivery, 'headers' | 'rawBody'>,
  secret: string,
): boolean {
  const expected = standardWebhookSignature(
    secret,
    String(delivery.headers['webhook-id']),
    String(delivery.headers['webhook-timestamp']),
    delivery.rawBody,
  );
  return String(delivery.headers['webhook-signature']).split(' ').includes(expected);
}

/**
 * A stand-in LOS receiving voie's result deliveries. Given the callback secret, it verifies each delivery's Standard
 * Webhooks signature and answers 401 to one that does not verify, as a LOS does (the timestamp is not checked: on
 * the time-skipping server voie's clock runs days ahead).
 */
export class CallbackReceiver extends WebhookReceiver<DeliveryBody> {
  private constructor(private readonly secret: string | undefined) {
    super('/hooks/voie');
  }

  /** A LOS listening on a free loopback port; without `secret` it takes any delivery, signed or not. */
  static start(secret?: string): Promise<CallbackReceiver> {
    return new CallbackReceiver(secret).listen();
  }

  protected override refusal(headers: IncomingHttpHeaders, rawBody: string): number | undefined {
    if (this.secret === undefined) return undefined;
    return deliverySignatureIsValid({ headers, rawBody }, this.secret) ? undefined : 401;
  }

  /** Deliveries that were answered 2xx, for one order. */
  accepted(orderId: string): ReceivedDelivery[] {
    return this.delivered.filter((delivery) => delivery.body.data.order.id === orderId);
  }
}
