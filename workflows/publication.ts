import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { setCurrentDetails, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import { isTerminal } from '../src/domain';
import type { LoanTies } from './loan-ties';
import { orderCost } from './bill';
import { OrderEnd } from './order-end';
import { OrderSpend } from './order-spend';
import { toRecord } from './result-events';
import {
  VoieClosingDate,
  VoieCorrelationIds,
  VoieEstimatedCost,
  VoieProvider,
  VoieProviderOrderId,
  VoieReverification,
  VoieStatus,
} from './search-attributes';
import type { OrderState } from './state';
import { currentProvider } from './state';
import { currentDetails } from './view';

/**
 * Keeps what the order shows outside current: its search attributes and Temporal UI details, its record in the memo
 * once it ended (where the API reads a waiting order without a worker and without replay), its standing in its
 * loan, and its end in the worker's metrics and log. Each is written only when it changed, so a webhook that changes nothing adds nothing to history.
 */
export class Publication {
  /** Each attribute's value as last published (JSON), by attribute name. */
  private published: Map<string, string>;

  /** The record last written to the memo (JSON); a run continued as new writes it again. */
  private record: string | null = null;

  /** The order's end, for the worker's metrics and log: reported by the first publish that sees it. */
  private readonly end: OrderEnd;

  /** The order's spending, for the worker's metrics: each completed provider order reported once. */
  private readonly spend: OrderSpend;

  /**
   * The first run starts with the API's start attributes (no re-verification yet); a run continued as new publishes
   * everything again at its first {@link publish}.
   */
  constructor(
    private readonly state: OrderState,
    continued: boolean,
    private readonly loan: LoanTies,
  ) {
    this.published = continued ? new Map<string, string>() : serialize(attributesOf(state, false));
    this.end = new OrderEnd(state);
    this.spend = new OrderSpend(state);
  }

  publish(): void {
    setCurrentDetails(currentDetails(this.state));
    this.loan.tell();
    this.upsertRecord();
    this.end.report();
    this.spend.report();
    const wanted = attributesOf(this.state, true);
    const changed = wanted.filter(
      (pair) => (this.published.get(pair.key.name) ?? 'null') !== JSON.stringify(pair.value),
    );
    if (changed.length === 0) return;
    upsertSearchAttributes(changed);
    this.published = serialize(wanted);
  }

  /** Once the order ended, the memo holds its record, as a query would answer it. */
  private upsertRecord(): void {
    if (!isTerminal(this.state.status)) return;
    const record = toRecord(this.state);
    const json = JSON.stringify(record);
    if (json === this.record) return;
    upsertMemo({ record });
    this.record = json;
  }
}

/** The search attributes the order carries; null unsets one. */
function attributesOf(state: OrderState, withReverification: boolean): SearchAttributeUpdatePair[] {
  return [
    { key: VoieStatus, value: state.status },
    { key: VoieProvider, value: currentProvider(state) },
    { key: VoieProviderOrderId, value: state.providerOrderId },
    { key: VoieCorrelationIds, value: state.correlationIds.length > 0 ? [...state.correlationIds] : null },
    { key: VoieReverification, value: (withReverification && state.reverification?.status) || null },
    { key: VoieClosingDate, value: state.closingDate },
    // Unset until the order bought something: an order that spent nothing is not worth finding by its cost.
    { key: VoieEstimatedCost, value: orderCost(state) || null },
  ];
}

function serialize(pairs: SearchAttributeUpdatePair[]): Map<string, string> {
  return new Map(pairs.map((pair) => [pair.key.name, JSON.stringify(pair.value)]));
}
