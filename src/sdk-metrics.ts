import type { Logger } from './logger';

/** How long a scrape waits for the SDK's exporter before answering with voie's counters alone. */
const SDK_SCRAPE_TIMEOUT_MS = 5_000;

/**
 * The Temporal SDK's metrics (the workers', and the native client's), which its native core serves on a loopback port
 * of its own (`url`), ending with a newline; a comment instead when the exporter does not answer. Served before
 * voie's on one `/metrics` (`metrics-server.ts`): the SDK's names start with `temporal_`, voie's with `voie_`.
 */
export async function scrapeSdkMetrics(url: string, logger: Logger): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(SDK_SCRAPE_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`the SDK's exporter answered ${response.status}`);
    const text = await response.text();
    return text.endsWith('\n') || text === '' ? text : `${text}\n`;
  } catch (err) {
    logger.warn({ err }, "the Temporal SDK's metrics exporter did not answer; serving voie's counters alone");
    return "# the Temporal SDK's worker metrics are unavailable right now\n";
  }
}
