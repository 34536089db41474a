import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the LOS receiver got. */
export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: { type: string; timestamp: string; data: { order: { id: string; status: string }; report?: unknown } };
  status: number;
}

/**
 * A stand-in LOS: records every result delivery and answers with the next scripted status (200 once the script
 * is used up).
 */
export class CallbackReceiver {
  readonly received: ReceivedDelivery[] = [];
  private script: number[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<CallbackReceiver> {
    const server = createServer();
    const receiver = new CallbackReceiver(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const status = receiver.script.shift() ?? 200;
        receiver.received.push({
          headers: req.headers,
          rawBody,
          body: JSON.parse(rawBody) as ReceivedDelivery['body'],
          status,
        });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/voie`;
  }

  /** The statuses the next deliveries get, in order. */
  answerWith(...statuses: number[]): void {
    this.script = statuses;
  }

  /** Deliveries that were answered 2xx, for one order. */
  accepted(orderId: string): ReceivedDelivery[] {
    return this.received.filter((d) => d.status < 300 && d.body.data.order.id === orderId);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((done) => this.server.close(() => done()));
  }
}
