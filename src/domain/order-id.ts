/** voie's order ids: `vo_` and 24 hex digits derived from the LOS's `external_id`. */
export const ORDER_ID_PATTERN = /^vo_[0-9a-f]{24}$/;

export function isOrderId(value: string): boolean {
  return ORDER_ID_PATTERN.test(value);
}
