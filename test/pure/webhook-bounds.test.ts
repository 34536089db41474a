import type { ParsedWebhook, RefusedWebhook } from '../../src/providers/provider';
import { TrueworkWebhook } from '../../src/providers/truework/webhook';
import { TruvWebhook } from '../../src/providers/truv/webhook';
import { MAX_WEBHOOK_FIELD_LENGTH, overlongField } from '../../src/providers/webhook-bounds';

const body = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const long = (length: number): string => 'x'.repeat(length);

function refusal(result: ParsedWebhook | RefusedWebhook | null): string | undefined {
  return result && 'refused' in result ? result.refused : undefined;
}

describe('Truework webhooks over the bounds', () => {
  const webhook = new TrueworkWebhook(['token']);
  const event = (hook: Record<string, unknown>, data: Record<string, unknown>) =>
    webhook.parse(
      body({
        hook: { event: 'verification_request.state.change', triggered_at: '2026-01-01T00:00:00Z', ...hook },
        data: { order_id: 'O1', state: 'completed', metadata: { voie_order_id: 'vo_1' }, ...data },
      }),
    );

  it('are refused for any field voie reads longer than 256 characters', () => {
    expect(MAX_WEBHOOK_FIELD_LENGTH).toBe(256);
    expect(refusal(event({}, { order_id: long(300) }))).toBe('data.order_id is longer than 256 characters');
    expect(refusal(event({}, { order_id: long(257) }))).toBeDefined();
    expect(refusal(event({}, { state: long(600_000) }))).toMatch(/^data\.state /);
    expect(refusal(event({}, { verification_request_id: long(300) }))).toMatch(/^data\.verification_request_id /);
    expect(refusal(event({}, { metadata: { voie_order_id: long(300) } }))).toMatch(/^data\.metadata\.voie_order_id /);
    expect(refusal(event({ event: long(300) }, {}))).toMatch(/^hook\.event /);
    expect(refusal(event({ triggered_at: long(300) }, {}))).toMatch(/^hook\.triggered_at /);
    expect(refusal(event({ id: long(300) }, {}))).toMatch(/^hook\.id /);
  });

  it('are read at 256 characters, and whatever the fields voie does not read hold', () => {
    const atBound = event({}, { order_id: long(256) });
    expect(atBound).toMatchObject({ target: { providerOrderId: long(256) } });
    expect(event({ target: long(10_000) }, { applicant_notes: long(10_000) })).toMatchObject({
      target: { providerOrderId: 'O1' },
    });
  });
});

describe('Truv webhooks over the bounds', () => {
  const webhook = new TruvWebhook(['secret']);
  const event = (fields: Record<string, unknown>) =>
    webhook.parse(
      body({ webhook_id: 'w1', event_type: 'order-status-updated', order_id: 'T1', status: 'completed', ...fields }),
    );

  it.each(['webhook_id', 'order_id', 'order_number', 'user_id', 'link_id', 'status', 'tracking_info', 'employer_id'])(
    'are refused for a %s longer than 256 characters',
    (field) => {
      expect(refusal(event({ [field]: long(300) }))).toBe(`${field} is longer than 256 characters`);
    },
  );

  it('are refused for an event type over the bound (not merely ignored as unknown)', () => {
    expect(refusal(event({ event_type: long(300) }))).toMatch(/^event_type /);
  });

  it('are read at 256 characters, and whatever the fields voie does not read hold', () => {
    expect(event({ webhook_id: long(256) })).toMatchObject({ hint: { id: long(256) } });
    expect(event({ brand_new_field: long(10_000), nested: { deep: long(10_000) } })).toMatchObject({
      hint: { id: 'w1' },
    });
  });
});

describe('overlongField', () => {
  it('finds the first field over the bound by its path', () => {
    expect(overlongField({ a: { b: long(257) } }, ['missing.path', 'a', 'a.b'])).toBe('a.b');
    expect(overlongField({ a: { b: long(256) }, n: 12 }, ['a.b', 'n'])).toBeUndefined();
  });
});
