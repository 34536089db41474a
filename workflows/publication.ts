import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import {
  VoieCorrelationIds,
  VoieProvider,
  VoieProviderOrderId,
  VoieReverification,
  VoieStatus,
} from './search-attributes';
import type { OrderState } from './state';
import { currentProvider } from './state';
import { currentDetails } from './view';

/**
 * Keeps the order's search attributes and Temporal UI details current. Upserts only the attributes that changed, so
 * a webhook that changes nothing adds nothing to history.
 */
export class Publication {
  /** Each attribute's value as last published (JSON), by attribute name. */
  private published: Map<string, string>;

  /**
   * The first run starts with the API's start attributes (no re-verification yet); a run continued as new publishes
   * everything again at its first {@link publish}.
   */
  constructor(
    private readonly state: OrderState,
    continued: boolean,
  ) {
    this.published = continued ? new Map<string, string>() : serialize(attributesOf(state, false));
  }

  publish(): void {
    setCurrentDetails(currentDetails(this.state));
    const wanted = attributesOf(this.state, true);
    const changed = wanted.filter(
      (pair) => (this.published.get(pair.key.name) ?? 'null') !== JSON.stringify(pair.value),
    );
    if (changed.length === 0) return;
    upsertSearchAttributes(changed);
    this.published = serialize(wanted);
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
  ];
}

function serialize(pairs: SearchAttributeUpdatePair[]): Map<string, string> {
  return new Map(pairs.map((pair) => [pair.key.name, JSON.stringify(pair.value)]));
}
