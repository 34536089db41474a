import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';

/**
 * voie's Express app on a free loopback port, counting the requests whose handler has not answered yet: a handler
 * may still be calling Temporal after its client went away, and Temporal must not be torn down under it.
 */
export class DrainingServer {
  private inFlight = 0;
  private server!: Server;

  private constructor() {}

  /** Serves `app` on a free loopback port. */
  static async listen(app: Express): Promise<DrainingServer> {
    const draining = new DrainingServer();
    const counted = express();
    counted.use((_req, res, next) => {
      draining.inFlight += 1;
      res.once('finish', () => (draining.inFlight -= 1));
      res.once('close', () => {
        if (!res.writableFinished) void settled(res).then(() => (draining.inFlight -= 1));
      });
      next();
    });
    counted.use(app);
    draining.server = await new Promise<Server>((resolve) => {
      const server = counted.listen(0, '127.0.0.1', () => resolve(server));
    });
    return draining;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /**
   * Stops listening, letting requests in flight finish (a webhook handler may still be talking to Temporal); a
   * connection still open after a grace period (a timed-out test polling over keep-alive) is cut.
   */
  async close(): Promise<void> {
    const closed = new Promise((done) => this.server.close(done));
    this.server.closeIdleConnections();
    const cut = setTimeout(() => this.server.closeAllConnections(), 2_000);
    await closed;
    clearTimeout(cut);
    for (let waited = 0; this.inFlight > 0 && waited < 10_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Resolves once the handler behind a response whose client left has answered (Express still calls `end`). */
function settled(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.writableEnded) return resolve();
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      resolve();
      return end(...args);
    }) as ServerResponse['end'];
  });
}
