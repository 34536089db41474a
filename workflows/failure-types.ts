/** The one list of failure types voie's activities and workflow raise. */
export const FailureType = {
  /** The provider refused the request (4xx); no retry can fix it. */
  ProviderRejected: 'ProviderRejected',
  /** The provider throttled us; retried after its delay, marked benign (an expected condition, not an alert). */
  ProviderRateLimited: 'ProviderRateLimited',
  /**
   * The provider answered JSON whose shape voie's response schema refuses (the offending path is in the message and
   * the failure's details); retrying will not change it. A bug in voie itself is not this: it is retried.
   */
  ProviderResponseInvalid: 'ProviderResponseInvalid',
  /**
   * Network error, timeout, 5xx, a body that is not JSON, or refused credentials (a configuration fault an operator
   * can fix); retried, marked benign.
   */
  ProviderUnavailable: 'ProviderUnavailable',
  /** A cancel asked of an order that already ended. */
  OrderTerminal: 'OrderTerminal',
  /** A change of the re-verification before closing the order's state no longer allows (the message says why). */
  ReverificationLocked: 'ReverificationLocked',
  /** A closing date that is not a date of the calendar. */
  InvalidClosingDate: 'InvalidClosingDate',
} as const;
