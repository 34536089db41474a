/**
 * The request log of a provider's simulator in the cluster's simulators process, mirrored as it grows: the bench
 * reads it again and again while tens of thousands of orders are placed, so each read fetches only what is new.
 */
import type { SimulatedRequest } from '../dev/simulators/kit/http-server';
import type { VoieCluster } from '../test/cluster/support/voie-cluster';

/** The providers of the cluster's simulators. */
export type SimulatedProvider = 'truework' | 'truv';

/** Reads of one provider order, as each provider's API has them: what a poll (or a webhook's hint) asks. */
const ORDER_READ: Record<SimulatedProvider, RegExp> = {
  truv: /^\/v1\/orders\/[^/]+\/?$/,
  truework: /^\/orders\/[^/]+$/,
};

/** Creates of a provider order. */
const ORDER_CREATE: Record<SimulatedProvider, RegExp> = {
  truv: /^\/v1\/orders\/?$/,
  truework: /^\/orders\/target-employer$/,
};

export class ProviderLog {
  /** Every request so far, in order. */
  readonly requests: SimulatedRequest[] = [];

  constructor(
    private readonly cluster: VoieCluster,
    readonly provider: SimulatedProvider,
  ) {}

  /**
   * Brings the mirror up to date. Requests still unanswered when last read (status 0) are read again, so that each
   * one's status is the one it was answered with.
   */
  async refresh(): Promise<readonly SimulatedRequest[]> {
    const pending = this.requests.findIndex((request) => request.status === 0);
    const from = pending < 0 ? this.requests.length : pending;
    const fresh = await this.cluster.providerRequests(this.provider, from);
    this.requests.length = from;
    // One by one: a spread of 100,000 arguments would overflow the stack.
    for (const request of fresh) this.requests.push(request);
    return this.requests;
  }

  /** Provider orders created so far (answered 2xx). */
  created(): number {
    return this.requests.filter(
      (request) => request.method === 'POST' && ORDER_CREATE[this.provider].test(request.path) && isSuccess(request),
    ).length;
  }

  /** The reads of a provider order made at `from` or later, before `to` (epoch ms), in order: when, and of which. */
  reads(from: number, to: number): { at: number; orderId: string }[] {
    return this.requests
      .filter(
        (request) =>
          request.method === 'GET' &&
          ORDER_READ[this.provider].test(request.path) &&
          request.at >= from &&
          request.at < to,
      )
      .map((request) => ({ at: request.at, orderId: request.path.replace(/\/$/, '').split('/').pop()! }));
  }

  /** The times of {@link reads}, ascending. */
  readsBetween(from: number, to: number): number[] {
    return this.reads(from, to).map((read) => read.at);
  }
}

function isSuccess(request: SimulatedRequest): boolean {
  return request.status >= 200 && request.status < 300;
}
