import type { OrderReport, ProviderSnapshot } from '../domain';
import {
  ProviderRateLimitedError,
  ProviderRejectedError,
  ProviderResponseInvalidError,
  ProviderUnavailableError,
} from './errors';

/**
 * A completed provider order's snapshot with its report, read by `readReport`, so that the order needs no separate
 * report fetch. Should the provider fail the report (any typed provider error), the snapshot goes without it: the
 * read still counts, and the report is then read on its own, with that read's longer retries and its verdict.
 * A bug is rethrown.
 */
export async function withReport(
  snapshot: ProviderSnapshot,
  readReport: () => Promise<OrderReport>,
): Promise<ProviderSnapshot> {
  if (snapshot.status !== 'completed' || snapshot.reportIds.length === 0) return snapshot;
  try {
    return { ...snapshot, report: await readReport() };
  } catch (err) {
    if (isProviderError(err)) return snapshot;
    throw err;
  }
}

function isProviderError(err: unknown): boolean {
  return (
    err instanceof ProviderUnavailableError ||
    err instanceof ProviderRateLimitedError ||
    err instanceof ProviderRejectedError ||
    err instanceof ProviderResponseInvalidError
  );
}
