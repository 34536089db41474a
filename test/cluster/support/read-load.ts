import type { OrderView } from '../../../src/domain';
import { countBy } from './figures';
import type { VoieCluster } from './voie-cluster';

/** One read of the load, as the LOS saw it. */
export interface ReadAnswer {
  orderId: string;
  /** 0 when no answer came (the load balancer itself was gone). */
  status: number;
  /** Epoch ms when the answer came. */
  at: number;
  /** The problem's `detail`, for answers that are not 200. */
  detail?: string;
}

/**
 * A LOS that keeps reading its orders: `concurrency` loops of `GET /v1/orders/{id}` through the load balancer, over
 * the orders in turn, until {@link stop}. Every answer is kept, so a test can say none was a 500.
 */
export class ReadLoad {
  readonly answers: ReadAnswer[] = [];
  private running = true;
  private readonly loops: Promise<void>[];

  constructor(
    private readonly cluster: VoieCluster,
    private readonly orders: OrderView[],
    concurrency = 4,
  ) {
    this.loops = Array.from({ length: concurrency }, (_, loop) => this.read(loop));
  }

  /** Stops reading once the reads under way are answered; resolves with how many answers each status got. */
  async stop(): Promise<Record<string, number>> {
    this.running = false;
    await Promise.all(this.loops);
    return countBy(this.answers.map((answer) => String(answer.status)));
  }

  private async read(start: number): Promise<void> {
    for (let next = start; this.running; next += 1) {
      const orderId = this.orders[next % this.orders.length]!.id;
      const answer = await this.cluster.los
        .api<{ detail?: string }>('GET', `/v1/orders/${orderId}`)
        .catch((err: unknown) => ({ status: 0, body: { detail: err instanceof Error ? err.message : String(err) } }));
      this.answers.push({
        orderId,
        status: answer.status,
        at: Date.now(),
        ...(answer.status === 200 ? {} : { detail: answer.body.detail }),
      });
      // The cluster is gone (a failed test stopping it): nothing more to read.
      if (answer.status === 0) return;
    }
  }
}
