/** What a simulator answers an API request with. */
export interface Reply {
  status: number;
  /** Sent as JSON, or as it is when a Buffer (set `content-type`); without one the response has no body (e.g. 204). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Destroy the socket instead of answering (lost create response). */
  destroySocket?: boolean;
}
