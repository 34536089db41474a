/**
 * Webhooks the bench sends itself, to voie or to the bare HTTP ingress: the same bodies and the same way of sending
 * for both, so that the two differ only in who answers.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { OutgoingWebhook } from '../dev/simulators/kit';
import { signedWebhook } from '../dev/simulators/truv/webhook-events';
import { TRUEWORK_TOKEN, TRUV_SECRET } from '../test/support/stack';
import type { BenchProvider } from './end-to-end';

/** A workflow a webhook names, and the provider order it is about. */
export interface WebhookTarget {
  /** voie's order id, or a bare workflow's id: Truework's `metadata.voie_order_id`. */
  orderId: string;
  providerOrderId: string;
}

/** Truework's `verification_request.state.change` to action-required for `target`, `second` seconds into 2026. */
export function actionRequiredBody(target: WebhookTarget, second: number): string {
  return JSON.stringify({
    hook: {
      event: 'verification_request.state.change',
      triggered_at: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
    },
    data: { order_id: target.providerOrderId, state: 'action-required', metadata: { voie_order_id: target.orderId } },
  });
}

/**
 * The webhook ingress's load: `actionRequiredBody` POSTed to `{baseUrl}/webhooks/truework` with Truework's token,
 * from `fetch`'s keep-alive pool; throws unless answered `200`.
 */
export async function postActionRequired(baseUrl: string, target: WebhookTarget, second: number): Promise<void> {
  const response = await fetch(`${baseUrl}/webhooks/truework`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-truework-token': TRUEWORK_TOKEN },
    body: actionRequiredBody(target, second),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/**
 * The `index`th webhook of a bare order (`workflowId`) as `provider` formats one of an order's events: Truework's
 * state change with its token, or Truv's task event in its envelope, HMAC-signed as Truv signs it. The bare workflow
 * is named where the provider names voie's order (`metadata.voie_order_id`, `order_number`).
 */
export function bareOrderWebhook(provider: BenchProvider, workflowId: string, index: number): OutgoingWebhook {
  if (provider === 'truework') {
    return {
      body: actionRequiredBody({ orderId: workflowId, providerOrderId: `bare-${workflowId}` }, index),
      headers: { 'X-Truework-Token': TRUEWORK_TOKEN },
    };
  }
  return signedWebhook(TRUV_SECRET, {
    event_type: 'task-status-updated',
    order_number: workflowId,
    product: 'income',
    link_id: hex(16),
    user_id: hex(16),
    data_source: 'payroll',
    task_id: hex(16),
    tracking_info: hex(16),
    status: index % 2 ? 'parse' : 'login',
    template_id: hex(16),
  });
}

/**
 * POSTs a webhook as the provider simulators deliver theirs (`dev/simulators/kit/webhook-outbox.ts`): a connection
 * of its own, closed after the answer; throws unless answered `200`.
 */
export function deliverAsProvider(url: string, { body, headers }: OutgoingWebhook): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          ...headers,
          Connection: 'close',
        },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode === 200 ? resolve() : reject(new Error(`webhook answered ${response.statusCode}`)),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
