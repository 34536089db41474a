import { MAX_EMPLOYERS } from '../../domain';
import type { ProviderModule } from '../provider';
import { truework } from '../truework';
import { TrueworkWebhook } from '../truework/webhook';
import { TrueworkInstantClient } from './client';

/**
 * Truework Instant: one synchronous employer search of Truework's Instant database, answered within the request
 * (completed with its report, or found nothing). Truework's account, so Truework's rate limit and webhooks.
 */
export const trueworkInstant: ProviderModule = {
  name: 'truework-instant',
  requestsPerSecond: truework.requestsPerSecond,
  // Its calls are Truework's, under the same API key: they share Truework's task queue and its one budget.
  account: truework.name,

  requiredOrderFields: ['permissible_purpose'],
  // The search finds the applicant's employers itself: one date of birth or none, nothing to search with.
  neededApplicantFields: ['date_of_birth'],

  // A search names no employer: one search covers every employer of the order.
  employersPerOrder: MAX_EMPLOYERS,

  fromConfig(config) {
    const { baseUrl, apiKey, webhookToken } = config.truework;
    if (!baseUrl) return undefined;
    const webhookTokens = (webhookToken ?? '')
      .split(',')
      .map((token) => token.trim())
      .filter(Boolean);
    return {
      client: new TrueworkInstantClient({ baseUrl, apiKey: apiKey ?? '', webhookTokens }),
      webhook: new TrueworkWebhook(webhookTokens),
    };
  },
};
