import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Page cursors of `GET /v1/orders`: Temporal's page token with a MAC, so a forged or mangled cursor is refused at
 * once (400) instead of reaching Temporal, which answers it with a retried internal error.
 */
export class CursorSealer {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('voie-page-cursor').digest();
  }

  seal(token: Uint8Array): string {
    return `${Buffer.from(token).toString('base64url')}.${this.mac(token).toString('base64url')}`;
  }

  /** The page token, or undefined when the cursor is not one this voie handed out. */
  open(cursor: string): Buffer | undefined {
    const [token, mac] = cursor.split('.');
    if (!token || !mac) return undefined;
    const bytes = Buffer.from(token, 'base64url');
    const expected = this.mac(bytes);
    const given = Buffer.from(mac, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected) ? bytes : undefined;
  }

  private mac(token: Uint8Array): Buffer {
    return createHmac('sha256', this.key).update(token).digest().subarray(0, 16);
  }
}
