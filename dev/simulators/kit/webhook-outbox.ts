import http from 'node:http';
import https from 'node:https';
import type { FaultSwitches } from './faults';
import type { SimulatorLifecycle } from './lifecycle';

const WEBHOOK_RETRIES = 3;
const WEBHOOK_RETRY_DELAY_MS = 500;
const WEBHOOK_TIMEOUT_MS = 5_000;

/** One webhook as the provider formats it: the exact body, and the headers that authenticate it. */
export interface OutgoingWebhook {
  body: string;
  headers: Record<string, string>;
}

/** How to set up a {@link WebhookOutbox}. */
export interface WebhookOutboxOptions {
  lifecycle: SimulatorLifecycle;
  faults: FaultSwitches;
  /** Where webhooks go at first; undefined sends none. */
  url: string | undefined;
  /** The provider's `User-Agent`. */
  userAgent: string;
}

/**
 * Delivers a simulator's webhooks the way providers do: one queue per order, so a receiver sees an order's events in
 * the order they happened; a failed attempt (network error or non-2xx) retried 3 times, 500 ms apart; and the drop,
 * duplicate and delay faults that are in force when the event happens.
 */
export class WebhookOutbox {
  /** Where events go from now on; deliveries already queued keep their URL. Undefined sends none. */
  url: string | undefined;
  private readonly lifecycle: SimulatorLifecycle;
  private readonly faults: FaultSwitches;
  private readonly userAgent: string;
  // Keyed by the order itself, so a queue goes away with its order.
  private readonly queues = new WeakMap<object, Promise<void>>();

  constructor(options: WebhookOutboxOptions) {
    this.lifecycle = options.lifecycle;
    this.faults = options.faults;
    this.url = options.url;
    this.userAgent = options.userAgent;
  }

  /**
   * Queues an event behind the earlier ones of `queue` (the order it belongs to). `format` builds it for the URL it
   * goes to, and is not called when nothing is sent: no URL, webhooks dropped, or the simulator closed.
   */
  emit(queue: object, format: (url: string) => OutgoingWebhook): void {
    const url = this.url;
    const faults = this.faults.now;
    if (url === undefined || this.lifecycle.closed || faults.dropWebhooks) return;
    const webhook = format(url);
    const copies = faults.duplicateWebhooks ? 2 : 1;
    const delayMs = faults.webhookDelayMs;
    for (let copy = 0; copy < copies; copy++) {
      this.lifecycle.begin();
      const queued = (this.queues.get(queue) ?? Promise.resolve())
        .then(() => this.deliver(url, webhook, delayMs))
        .catch(() => undefined)
        .finally(() => this.lifecycle.settle());
      this.queues.set(queue, queued);
    }
  }

  private async deliver(url: string, webhook: OutgoingWebhook, delayMs: number): Promise<void> {
    if (delayMs > 0) await this.lifecycle.sleep(delayMs);
    for (let attempt = 0; attempt <= WEBHOOK_RETRIES; attempt++) {
      if (attempt > 0) await this.lifecycle.sleep(WEBHOOK_RETRY_DELAY_MS);
      if (this.lifecycle.closed) return;
      try {
        const status = await this.post(url, webhook);
        if (status >= 200 && status < 300) return;
      } catch {
        // Network failure: retried like a non-2xx answer.
      }
    }
  }

  private post(url: string, { body, headers }: OutgoingWebhook): Promise<number> {
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? https : http;
    return this.lifecycle.abortable(
      (signal) =>
        new Promise<number>((resolve, reject) => {
          const request = transport.request(
            target,
            {
              method: 'POST',
              // No keep-alive: a pooled socket would outlive close().
              agent: false,
              signal,
              timeout: WEBHOOK_TIMEOUT_MS,
              headers: {
                'Content-Type': 'application/json',
                'Content-Length': Buffer.byteLength(body),
                ...headers,
                'User-Agent': this.userAgent,
                Connection: 'close',
              },
            },
            (response) => {
              response.resume();
              response.on('end', () => resolve(response.statusCode ?? 0));
              response.on('error', reject);
            },
          );
          request.on('timeout', () => request.destroy(new Error('Webhook delivery timed out')));
          request.on('error', reject);
          request.end(body);
        }),
    );
  }
}
