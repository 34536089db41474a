import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Search attributes every order (and loan) carries so operators find it in the Temporal UI. None holds personal data.
 */
export const VoieProvider = defineSearchAttributeKey('VoieProvider', SearchAttributeType.KEYWORD);
export const VoieStatus = defineSearchAttributeKey('VoieStatus', SearchAttributeType.KEYWORD);
export const VoieExternalId = defineSearchAttributeKey('VoieExternalId', SearchAttributeType.KEYWORD);
export const VoieLoanId = defineSearchAttributeKey('VoieLoanId', SearchAttributeType.KEYWORD);
export const VoieProviderOrderId = defineSearchAttributeKey('VoieProviderOrderId', SearchAttributeType.KEYWORD);

/** Other provider ids webhooks may be keyed by (Truv user and link ids), so the ingress can find the order. */
export const VoieCorrelationIds = defineSearchAttributeKey('VoieCorrelationIds', SearchAttributeType.KEYWORD_LIST);

/** Where the re-verification before closing stands (`scheduled`, `running`, `verified`, `changed`, …); unset without. */
export const VoieReverification = defineSearchAttributeKey('VoieReverification', SearchAttributeType.KEYWORD);

/**
 * The closing date (`YYYY-MM-DD`, the lender's calendar) of an order (its loan's or its own) and of a loan workflow;
 * unset without one.
 */
export const VoieClosingDate = defineSearchAttributeKey('VoieClosingDate', SearchAttributeType.KEYWORD);

/** Whether a loan workflow judges the loan ready to close (`true` / `false`), from what its orders told it. */
export const VoieLoanReady = defineSearchAttributeKey('VoieLoanReady', SearchAttributeType.KEYWORD);

/** The tenant an order or loan belongs to (its API key's); unset on orders placed before orders named it: `default`. */
export const VoieTenant = defineSearchAttributeKey('VoieTenant', SearchAttributeType.KEYWORD);

/**
 * What the order spent at its providers so far, in US dollars (its `estimated_cost`): `VoieEstimatedCost > 50` finds
 * the expensive ones. Unset without prices (`VOIE_PROVIDER_PRICES`) and until the order bought something.
 */
export const VoieEstimatedCost = defineSearchAttributeKey('VoieEstimatedCost', SearchAttributeType.DOUBLE);

export const VOIE_SEARCH_ATTRIBUTES = [
  VoieProvider,
  VoieStatus,
  VoieExternalId,
  VoieLoanId,
  VoieProviderOrderId,
  VoieCorrelationIds,
  VoieReverification,
  VoieClosingDate,
  VoieLoanReady,
  VoieTenant,
  VoieEstimatedCost,
];
