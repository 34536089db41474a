import type { Client, Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { VOIE_SEARCH_ATTRIBUTES } from '../../workflows/public';

const { IndexedValueType } = temporal.api.enums.v1;
const INDEXED_TYPES: Partial<Record<SearchAttributeType, temporal.api.enums.v1.IndexedValueType>> = {
  [SearchAttributeType.KEYWORD]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.KEYWORD_LIST]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  [SearchAttributeType.DOUBLE]: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
};

/** Registers voie's search attributes on a server voie did not start (idempotent). */
export async function ensureSearchAttributes(client: Client): Promise<void> {
  // The operator service, on whichever connection the client has (the API's native one, a test's gRPC one).
  const connection = client.connection as Pick<Connection, 'operatorService'>;
  const { namespace } = client.options;
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = VOIE_SEARCH_ATTRIBUTES.filter((key) => !customAttributes?.[key.name]);
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map((key) => [key.name, INDEXED_TYPES[key.type] ?? IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
    ),
  });
}
