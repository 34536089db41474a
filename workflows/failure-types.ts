/** The one list of failure types voie's activities and workflow raise. */
export const FailureType = {
  /** The provider refused the request (4xx); no retry can fix it. */
  ProviderRejected: 'ProviderRejected',
  /** The provider throttled us; retried after its delay. */
  ProviderRateLimited: 'ProviderRateLimited',
  /** Network error, timeout or 5xx; retried with back-off. */
  ProviderUnavailable: 'ProviderUnavailable',
  /** A cancel asked of an order that already ended. */
  OrderTerminal: 'OrderTerminal',
} as const;
