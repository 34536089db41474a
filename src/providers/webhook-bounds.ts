/**
 * The sizes voie accepts from a provider's webhook. What a webhook says travels far: its ids and status go into the
 * hint signaled to the order, the order's timeline, the continue-as-new input and the completion record, all within
 * Temporal's 2 MB payload limit. No genuine event comes near these bounds.
 */

/** The longest identifying or status field (an id, an event name, a status, a time) voie reads from a webhook. */
export const MAX_WEBHOOK_FIELD_LENGTH = 256;

/** The largest webhook body voie reads; a larger one is refused `413` unread. */
export const MAX_WEBHOOK_BODY_BYTES = 256 * 1024;

/** Whether a field's value, as the text voie would keep (a string, or a number read as one), is over the bound. */
export function isOverlong(value: unknown): boolean {
  return (typeof value === 'string' || typeof value === 'number') && String(value).length > MAX_WEBHOOK_FIELD_LENGTH;
}

/**
 * The first of `fields` (dot-separated paths into `body`, such as `data.order_id`) whose value is longer than
 * {@link MAX_WEBHOOK_FIELD_LENGTH}, or undefined when each is within it (or absent).
 */
export function overlongField(body: unknown, fields: readonly string[]): string | undefined {
  return fields.find((path) => isOverlong(valueAt(body, path)));
}

function valueAt(body: unknown, path: string): unknown {
  let value = body;
  for (const name of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

/** The refusal of a webhook one of whose fields is over the bound. */
export function overlongRefusal(field: string): { refused: string } {
  return { refused: `${field} is longer than ${MAX_WEBHOOK_FIELD_LENGTH} characters` };
}
