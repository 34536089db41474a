import type { Reply } from './reply';

/** Misbehaviour a simulator can be told to show, for resilience tests. */
export interface SimulatorFaults {
  /** Never send webhooks (events that happen while set are lost for good). */
  dropWebhooks: boolean;
  /** Send every webhook twice, with an identical body. */
  duplicateWebhooks: boolean;
  /** Extra delay before each webhook delivery. */
  webhookDelayMs: number;
  /** The next `count` API requests answer `status` (with `Retry-After` when given) without doing anything. */
  failNextRequests: { count: number; status: number; retryAfterSeconds?: number } | null;
  /** An outage: while set, every API request answers `status` (with `Retry-After` when given) without doing anything. */
  failAllRequests: { status: number; retryAfterSeconds?: number } | null;
  /** The next successful order create creates the order, then destroys the socket unanswered. */
  loseNextCreateResponse: boolean;
  /** Delay before every API response is written (the work is already done by then). */
  responseDelayMs: number;
  /**
   * The account's rate limit, enforced as the provider would: a bucket of one second's requests, refilled evenly;
   * a request that finds it empty answers 429 with `Retry-After: 1` without doing anything. Null: unlimited.
   */
  rateLimit: { requestsPerSecond: number } | null;
}

/** A simulator that behaves. */
export const NO_FAULTS: Readonly<SimulatorFaults> = Object.freeze({
  dropWebhooks: false,
  duplicateWebhooks: false,
  webhookDelayMs: 0,
  failNextRequests: null,
  failAllRequests: null,
  loseNextCreateResponse: false,
  responseDelayMs: 0,
  rateLimit: null,
});

/** The faults in force. Each is read when it applies, so a change affects what happens from then on. */
export class FaultSwitches {
  private current: SimulatorFaults = { ...NO_FAULTS };
  /** The rate limit's bucket: tokens left when last taken from, at that epoch ms; null while full and unused. */
  private bucket: { tokens: number; at: number } | null = null;

  /** The faults in force now. */
  get now(): Readonly<SimulatorFaults> {
    return this.current;
  }

  /** Changes the faults named, leaving the others as they are. */
  set(faults: Partial<SimulatorFaults>): void {
    this.current = { ...this.current, ...faults };
  }

  /** Back to {@link NO_FAULTS}. */
  reset(): void {
    this.current = { ...NO_FAULTS };
    this.bucket = null;
  }

  /**
   * The failure the next request gets: one of `failNextRequests` (used up), else the outage's, else the rate
   * limit's when the account is over it; undefined when none.
   */
  takeFailure(now = Date.now()): { status: number; retryAfterSeconds?: number } | undefined {
    const fail = this.current.failNextRequests;
    if (fail && fail.count > 0) {
      this.current.failNextRequests = fail.count > 1 ? { ...fail, count: fail.count - 1 } : null;
      return fail;
    }
    if (this.current.failAllRequests) return this.current.failAllRequests;
    return this.overRateLimit(now) ? { status: 429, retryAfterSeconds: 1 } : undefined;
  }

  /** Takes a token from the account's bucket (see `SimulatorFaults.rateLimit`); true when there was none. */
  private overRateLimit(now: number): boolean {
    const limit = this.current.rateLimit?.requestsPerSecond;
    if (limit === undefined) return false;
    const refilled = this.bucket ? this.bucket.tokens + ((now - this.bucket.at) / 1000) * limit : limit;
    const tokens = Math.min(limit, refilled);
    this.bucket = { tokens: tokens < 1 ? tokens : tokens - 1, at: now };
    return tokens < 1;
  }

  /** The reply to a create that succeeded, its socket destroyed instead when `loseNextCreateResponse` is set (once). */
  answerCreate(reply: Reply): Reply {
    if (!this.current.loseNextCreateResponse) return reply;
    this.current.loseNextCreateResponse = false;
    return { ...reply, destroySocket: true };
  }
}
