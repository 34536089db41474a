import { Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { z } from 'zod';
import {
  ProviderRateLimitedError,
  ProviderRejectedError,
  ProviderResponseInvalidError,
  ProviderUnavailableError,
} from './errors';
import type { ReportPdf } from './provider';
import { redactSsn } from '../redact';

/** How a provider client reaches its API. */
export interface HttpSettings {
  baseUrl: string;
  headers: Record<string, string>;
  /** Per-request timeout. */
  timeoutMs: number;
  /**
   * Awaited before each request is sent: a request may go once it resolves; its rejection is the request's, thrown as
   * it is. The API's report PDF takes a slot of the provider's rate limit this way (see `src/orders/provider-slots.ts`).
   */
  gate?: RequestGate;
}

/** Lets one provider request go (resolves), or refuses it (rejects); see {@link HttpSettings.gate}. */
export type RequestGate = () => Promise<void>;

export interface JsonRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

const CONFIGURATION_FAULTS = [401, 403, 406];

/**
 * Sends one JSON request and parses the answer with `schema`: a body the schema refuses is a
 * {@link ProviderResponseInvalidError} naming the offending field; other failures are mapped as by {@link exchange}.
 */
export async function requestJson<Schema extends z.ZodType>(
  settings: HttpSettings,
  request: JsonRequest,
  schema: Schema,
): Promise<z.output<Schema>> {
  const { what, status, text } = await exchange(settings, request);
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON at all is a gateway or proxy in the way more likely than a changed API: retried, as a 5xx is.
    throw new ProviderUnavailableError(`${what} answered ${status} with a body that is not JSON`);
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue ? issue.path.map(String).join('.') : '';
  // zod's messages name the expected and received types, never the value: nothing the provider echoed leaks here.
  throw new ProviderResponseInvalidError(
    `${what} answered a body voie cannot read at ${path || 'its root'}: ${issue?.message ?? 'invalid'}`,
    path,
  );
}

/** Sends one JSON request whose answer voie does not read; failures are mapped as by {@link exchange}. */
export async function send(settings: HttpSettings, request: JsonRequest): Promise<void> {
  await exchange(settings, request);
}

/** The most voie reads of a provider's PDF: a report is tens of KB; anything near this is not a report. */
export const MAX_PDF_BYTES = 20 * 1024 * 1024;

/**
 * Fetches a PDF as a stream, the failures mapped as by {@link respond}. A body that does not start with `%PDF` is
 * the provider's error (a JSON message answered with 200) and is a {@link ProviderRejectedError}; a body over
 * {@link MAX_PDF_BYTES} is refused, before reading when the provider states its length, else once the stream has
 * passed the cap. The bytes are never buffered whole, logged or stored.
 */
export async function requestPdf(
  settings: HttpSettings,
  request: Omit<JsonRequest, 'body'> & { accept: string },
): Promise<ReportPdf> {
  const { what, response } = await respond(settings, { ...request, headers: { accept: request.accept } });
  // A compressed answer is decompressed on the way: its stated length is not the PDF's.
  const stated = response.headers.has('content-encoding')
    ? Number.NaN
    : Number(response.headers.get('content-length') ?? Number.NaN);
  if (stated > MAX_PDF_BYTES) {
    await response.body?.cancel();
    throw new ProviderRejectedError(`${what} answered a PDF of ${stated} bytes, over the cap`, response.status);
  }
  const body = response.body ? Readable.fromWeb(response.body as WebReadableStream<Uint8Array>) : Readable.from([]);
  const head = await readHead(body, PDF_MAGIC.length).catch((err: unknown) => {
    throw new ProviderUnavailableError(`${what} broke off: ${err instanceof Error ? err.message : String(err)}`);
  });
  if (!head.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) {
    body.destroy();
    // Never quoted: a provider that ignored the PDF request may have answered the report itself.
    const type = response.headers.get('content-type') ?? 'no content type';
    throw new ProviderRejectedError(`${what} answered ${type} instead of a PDF`, response.status);
  }
  const status = response.status;
  let seen = 0;
  const capped = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(
        seen > MAX_PDF_BYTES ? new ProviderRejectedError(`${what} answered a PDF over the cap`, status) : null,
        chunk,
      );
    },
  });
  capped.write(head);
  const piped = body.pipe(capped);
  body.once('error', (err) => piped.destroy(err));
  return { body: piped, ...(Number.isFinite(stated) ? { length: stated } : {}) };
}

const PDF_MAGIC = Buffer.from('%PDF');

/** The first `bytes` bytes of a stream (fewer if it ends first); the stream is paused after them, nothing lost. */
async function readHead(stream: Readable, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream.iterator({ destroyOnReturn: false })) {
    const buffer = Buffer.from(chunk as Uint8Array);
    chunks.push(buffer);
    length += buffer.length;
    if (length >= bytes) break;
  }
  return Buffer.concat(chunks);
}

/** Sends one request and reads its whole answer as text; failures are mapped as by {@link respond}. */
async function exchange(
  settings: HttpSettings,
  request: JsonRequest,
): Promise<{ what: string; status: number; text: string }> {
  const { what, response } = await respond(settings, request);
  const text = await response.text().catch(() => '');
  return { what, status: response.status, text };
}

/**
 * Sends one request and maps failures to the typed provider errors: network errors, timeouts, 5xx and refused
 * credentials are retryable, 429 carries its `Retry-After`, any other 4xx is final with the provider's message.
 * A success is returned with its body unread.
 */
async function respond(
  settings: HttpSettings,
  request: JsonRequest & { headers?: Record<string, string> },
): Promise<{ what: string; response: Response }> {
  const url = new URL(
    request.path.replace(/^\//, ''),
    settings.baseUrl.endsWith('/') ? settings.baseUrl : `${settings.baseUrl}/`,
  );
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
  const what = `${request.method} ${url.pathname}`;
  // Outside the try below: a gate's refusal is no provider failure (nothing was sent).
  await settings.gate?.();
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...settings.headers,
        ...request.headers,
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
  } catch (err) {
    throw new ProviderUnavailableError(
      `${what} failed: ${err instanceof Error ? err.message : String(err)}`,
      connectionRefused(err),
    );
  }
  if (response.status < 400) return { what, response };
  const text = await response.text().catch(() => '');
  if (response.status === 429) {
    throw new ProviderRateLimitedError(
      `${what} was rate limited`,
      parseRetryAfter(response.headers.get('retry-after')),
    );
  }
  if (response.status >= 500) {
    // 503 is the provider saying it is not serving; other 5xx may come after it acted (a gateway, a late failure).
    throw new ProviderUnavailableError(`${what} answered ${response.status}`, response.status === 503);
  }
  // Refused credentials or API version are a configuration fault an operator fixes; the order must not fail for it.
  if (CONFIGURATION_FAULTS.includes(response.status)) {
    throw new ProviderUnavailableError(
      `${what} answered ${response.status}: ${providerMessage(text)} (check the provider credentials and API version)`,
      true,
    );
  }
  throw new ProviderRejectedError(`${what} answered ${response.status}: ${providerMessage(text)}`, response.status);
}

/** Whether `fetch` failed because nothing accepted the connection, so the request never left. */
function connectionRefused(err: unknown): boolean {
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  return cause?.code === 'ECONNREFUSED';
}

/** `Retry-After` in seconds or as an HTTP date, in ms. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** The human message of a provider error body (Truework `error.message`, Truv `error.message`/`extra`, DRF `detail`). */
function providerMessage(text: string): string {
  let message = text.slice(0, 300);
  try {
    const body = JSON.parse(text) as {
      error?: { message?: string; invalid_fields?: unknown; extra?: unknown };
      detail?: string;
    };
    const parts = [body.error?.message ?? body.detail];
    if (body.error?.invalid_fields) parts.push(JSON.stringify(body.error.invalid_fields));
    if (body.error?.extra) parts.push(JSON.stringify(body.error.extra));
    message = parts.filter(Boolean).join(' ') || message;
  } catch {
    // not JSON: keep the raw text
  }
  return redactSsn(message) || 'no details';
}
