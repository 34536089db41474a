import { Readable } from 'node:stream';
import type { z } from 'zod';
import {
  ProviderRateLimitedError,
  ProviderRejectedError,
  ProviderResponseInvalidError,
  ProviderUnavailableError,
} from './errors';
import { redactSsn } from '../redact';

/** How a provider client reaches its API. */
export interface HttpSettings {
  baseUrl: string;
  headers: Record<string, string>;
  /** Per-request timeout. */
  timeoutMs: number;
}

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

/**
 * Sends one request and maps failures to the typed provider errors: network errors, timeouts, 5xx and refused
 * credentials are retryable, 429 carries its `Retry-After`, any other 4xx is final with the provider's message.
 */
async function exchange(
  settings: HttpSettings,
  request: JsonRequest,
): Promise<{ what: string; status: number; text: string }> {
  const { what, response } = await fetchResponse(settings, request);
  const text = await response.text().catch(() => '');
  throwIfFailed(what, response, text);
  return { what, status: response.status, text };
}

async function fetchResponse(
  settings: HttpSettings,
  request: JsonRequest,
  /** Replaces the settings' `accept` (JSON, in the provider's version) for this request. */
  accept?: string,
): Promise<{ what: string; response: Response }> {
  const url = new URL(
    request.path.replace(/^\//, ''),
    settings.baseUrl.endsWith('/') ? settings.baseUrl : `${settings.baseUrl}/`,
  );
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
  const what = `${request.method} ${url.pathname}`;
  try {
    const response = await fetch(url, {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...settings.headers,
        ...(accept ? { accept } : {}),
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    return { what, response };
  } catch (err) {
    throw new ProviderUnavailableError(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function throwIfFailed(what: string, response: Response, text: string): void {
  if (response.status === 429) {
    throw new ProviderRateLimitedError(
      `${what} was rate limited`,
      parseRetryAfter(response.headers.get('retry-after')),
    );
  }
  if (response.status >= 500) throw new ProviderUnavailableError(`${what} answered ${response.status}`);
  // Refused credentials or API version are a configuration fault an operator fixes; the order must not fail for it.
  if (CONFIGURATION_FAULTS.includes(response.status)) {
    throw new ProviderUnavailableError(
      `${what} answered ${response.status}: ${providerMessage(text)} (check the provider credentials and API version)`,
    );
  }
  if (response.status >= 400) {
    throw new ProviderRejectedError(`${what} answered ${response.status}: ${providerMessage(text)}`, response.status);
  }
}

/** The largest report PDF voie passes on. Truv's largest published VOIE PDF is 40 KB; Truework publishes no size. */
export const MAX_PDF_BYTES = 20 * 1024 * 1024;
const PDF_MAGIC = Buffer.from('%PDF');

/** A PDF a provider answered: its bytes as a stream, and its length when the provider said. */
export interface PdfResponse {
  body: Readable;
  length?: number;
}

/**
 * Fetches a PDF with the given `Accept` and hands its bytes on as a stream, never buffered whole: failures are mapped
 * as for JSON; a body that does not start with `%PDF` (a provider answers its errors in JSON, sometimes with 200) is
 * a {@link ProviderResponseInvalidError}, whose message never quotes the body (it may be a report); a body over
 * `maxBytes` ends the stream with that error.
 */
export async function requestPdf(
  settings: HttpSettings,
  request: Omit<JsonRequest, 'body'>,
  accept: string,
  maxBytes: number = MAX_PDF_BYTES,
): Promise<PdfResponse> {
  const { what, response } = await fetchResponse(settings, request, accept);
  if (!response.ok || !response.body) {
    throwIfFailed(what, response, await response.text().catch(() => ''));
  }
  const declared = Number(response.headers.get('content-length'));
  const length = Number.isFinite(declared) && declared > 0 ? declared : undefined;
  const tooLarge = () => new ProviderResponseInvalidError(`${what} answered a PDF over ${maxBytes} bytes`, '');
  if (length !== undefined && length > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const chunks = (response.body as AsyncIterable<Uint8Array> | null)?.[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  let done = !chunks;
  while (chunks && head.length < PDF_MAGIC.length && !done) {
    const next = await chunks.next().catch((err: unknown) => {
      throw new ProviderUnavailableError(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    });
    if (next.done) done = true;
    else head = Buffer.concat([head, next.value]);
  }
  if (!head.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) {
    await chunks?.return?.();
    const type = response.headers.get('content-type') ?? 'no content type';
    throw new ProviderResponseInvalidError(`${what} answered ${type}, not a PDF`, '');
  }
  async function* bytes(): AsyncGenerator<Buffer> {
    let total = head.length;
    if (total > maxBytes) throw tooLarge();
    yield head;
    while (chunks && !done) {
      const next = await chunks.next();
      if (next.done) return;
      total += next.value.length;
      if (total > maxBytes) throw tooLarge();
      yield Buffer.from(next.value);
    }
  }
  return { body: Readable.from(bytes()), ...(length !== undefined ? { length } : {}) };
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
