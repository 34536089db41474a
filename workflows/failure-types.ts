/** The one list of failure types voie's activities and workflow raise. */
export const FailureType = {
  /** The provider refused the request (4xx); no retry can fix it. */
  ProviderRejected: 'ProviderRejected',
  /** The provider throttled us; retried after its delay. */
  ProviderRateLimited: 'ProviderRateLimited',
  /** The provider answered something voie cannot read (an unexpected shape); retrying will not change it. */
  ProviderResponseInvalid: 'ProviderResponseInvalid',
  /** Network error, timeout, 5xx, or refused credentials (a configuration fault an operator can fix); retried. */
  ProviderUnavailable: 'ProviderUnavailable',
  /** A cancel asked of an order that already ended. */
  OrderTerminal: 'OrderTerminal',
} as const;
