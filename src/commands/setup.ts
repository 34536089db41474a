import type { Config } from '../config';
import { createLogger } from '../logger';
import { connectClient } from '../temporal/connection';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { VOIE_SEARCH_ATTRIBUTES } from '../../workflows/public';

/**
 * `voie setup`: registers voie's search attributes on `TEMPORAL_NAMESPACE` of the cluster at `TEMPORAL_ADDRESS`, then
 * exits; idempotent. A deployment's one-shot step (the Helm chart's hook Job), so no `voie api` needs the operator
 * API's permission. Unlike `voie api`, which only warns, it fails loudly (exit 1): a Job retries, and a missing
 * attribute would fail every order's start.
 *
 * It needs no secret of voie's: it sends no payload, only the Temporal connection's own credentials
 * (`TEMPORAL_API_KEY`, `TEMPORAL_TLS_*`).
 */
export async function runSetup(config: Config): Promise<void> {
  const address = config.temporal.address;
  if (!address) throw new Error('TEMPORAL_ADDRESS is required: voie setup registers the search attributes there');
  const logger = createLogger(config.logLevel);
  const client = await connectClient(config, address, {});
  try {
    await ensureSearchAttributes(client);
    logger.info(
      { namespace: config.temporal.namespace, searchAttributes: VOIE_SEARCH_ATTRIBUTES.map((key) => key.name) },
      'search attributes registered',
    );
  } finally {
    await client.connection.close();
  }
}
