/**
 * A provider call failed in a way that a later retry may fix (network, timeout, 5xx, refused credentials).
 * `turnedAway` when the provider refused the request before acting on it (a 503, refused credentials, a refused
 * connection); a timeout, a broken connection or another 5xx leaves unknown whether it acted.
 */
export class ProviderUnavailableError extends Error {
  override name = 'ProviderUnavailableError';
  constructor(
    message: string,
    readonly turnedAway = false,
  ) {
    super(message);
  }
}

/** The provider throttled us; retry after `retryAfterMs`. */
export class ProviderRateLimitedError extends Error {
  override name = 'ProviderRateLimitedError';
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
  }
}

/**
 * Whether a failed call certainly did nothing at the provider: it was throttled, or turned away unread. A create
 * that failed so placed no order, and its retry need not look for one.
 */
export function wasTurnedAway(err: unknown): boolean {
  return err instanceof ProviderRateLimitedError || (err instanceof ProviderUnavailableError && err.turnedAway);
}

/** The provider refused the request (4xx other than 429); retrying cannot help. */
export class ProviderRejectedError extends Error {
  override name = 'ProviderRejectedError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * The provider answered JSON whose shape the response schema refuses. `path` names the offending field (the zod
 * issue path, e.g. `verification_requests.0.state`; empty for the body itself); retrying would read it again.
 */
export class ProviderResponseInvalidError extends Error {
  override name = 'ProviderResponseInvalidError';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}
