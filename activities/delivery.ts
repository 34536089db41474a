import { Agent, request } from 'undici';
import { DEFAULT_TENANT } from '../workflows/public';
import { type CallbackSecrets, secretsOfTenant, signDeliveryWithEach } from '../src/callback-secrets';
import type { CallbackPolicy } from '../src/net/callback-policy';
import { checkCallbackUrl, guardedLookup } from '../src/net/callback-policy';
import { deliveryAttempts } from '../src/metrics';
import { parseRetryAfter } from '../src/providers/http';
import type { DeliveryPayload } from '../src/domain';
import { annotateSpan } from '../src/telemetry/span-attributes';

export interface DeliveryRequest {
  url: string;
  /** Standard Webhooks `webhook-id`; the same on every retry of one event. */
  webhookId: string;
  payload: DeliveryPayload;
  /** The order's tenant, whose callback secrets sign the delivery; absent, `default`. */
  tenant?: string;
}

/** What one delivery attempt came to; the workflow decides what follows. */
export interface DeliveryOutcome {
  kind: 'delivered' | 'failed' | 'gone';
  status: number | null;
  error?: string;
  retryAfterMs?: number;
}

/**
 * Result delivery to the LOS: one signed POST per attempt, never following redirects, signed with each callback
 * secret of the order's tenant.
 */
export function createDeliveryActivities(deps: {
  callbackSecrets: CallbackSecrets;
  callbackPolicy: CallbackPolicy;
  timeoutMs?: number;
}) {
  const timeoutMs = deps.timeoutMs ?? 15_000;
  // Connections resolve names through the policy too (see guardedLookup); redirects are never followed.
  const dispatcher = new Agent({
    connect: { lookup: guardedLookup(deps.callbackPolicy.networks), timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  return {
    async deliverResult(request: DeliveryRequest): Promise<DeliveryOutcome> {
      // Checked again at every attempt: the host may have been pointed at an internal address since the order.
      const refusal = await checkCallbackUrl(request.url, deps.callbackPolicy);
      if (refusal) {
        deliveryAttempts.inc({ outcome: 'refused' });
        return { kind: 'failed', status: null, error: `callback_url refused: ${refusal}` };
      }
      const outcome = await post(request);
      deliveryAttempts.inc({ outcome: outcome.kind });
      // The attempt's span (the activity's): what the LOS answered; the undici span under it is the request itself.
      annotateSpan({
        'voie.delivery.outcome': outcome.kind,
        ...(outcome.status !== null ? { 'voie.delivery.status': outcome.status } : {}),
      });
      return outcome;
    },
  };

  async function post(delivery: DeliveryRequest): Promise<DeliveryOutcome> {
    const body = JSON.stringify(delivery.payload);
    const timestamp = Math.floor(Date.now() / 1000);
    const secrets = secretsOfTenant(deps.callbackSecrets, delivery.tenant ?? DEFAULT_TENANT);
    let status: number;
    let retryAfter: string | null;
    try {
      const response = await request(delivery.url, {
        method: 'POST',
        dispatcher,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'voie-delivery/1',
          'webhook-id': delivery.webhookId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signDeliveryWithEach(secrets, delivery.webhookId, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body.dump();
      status = response.statusCode;
      const header = response.headers['retry-after'];
      retryAfter = typeof header === 'string' ? header : null;
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      return { kind: 'failed', status: null, error: `${err instanceof Error ? err.message : String(err)}${cause}` };
    }
    if (status >= 200 && status < 300) return { kind: 'delivered', status };
    if (status === 410) return { kind: 'gone', status };
    return { kind: 'failed', status, error: `the LOS answered ${status}`, retryAfterMs: parseRetryAfter(retryAfter) };
  }
}

export type DeliveryActivities = ReturnType<typeof createDeliveryActivities>;
