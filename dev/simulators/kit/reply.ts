/** What a simulator answers an API request with. */
export interface Reply {
  status: number;
  /** Sent as JSON, or as is when a Buffer (a PDF: set its content type); without one there is no body (e.g. 204). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Destroy the socket instead of answering (lost create response). */
  destroySocket?: boolean;
}
