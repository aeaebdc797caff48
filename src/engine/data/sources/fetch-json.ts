// One HTTP GET of a JSON API, turning every outcome into a value or one of our provider errors.
import { ProviderHttpError, TransientProviderError } from './provider-errors.ts';
import { redact } from './redact.ts';

export interface FetchJsonOptions {
  provider: string;
  secrets: readonly string[];
  headers?: Record<string, string>;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

/** Seconds from a Retry-After header; a date form or nonsense gives undefined (plain backoff then). */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const secs = Number(header);
  return Number.isFinite(secs) && secs >= 0 ? secs * 1000 : undefined;
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}

/** GET `url` and parse its JSON body; throws TransientProviderError (retry) or ProviderHttpError (do not). */
export async function fetchJson(url: string, opts: FetchJsonOptions): Promise<unknown> {
  const doFetch = opts.fetchImpl ?? fetch;
  let response: Response;
  let text: string;
  try {
    response = await doFetch(url, {
      headers: { accept: 'application/json', ...opts.headers },
      signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    });
    text = await response.text();
  } catch (error) {
    const where = redact(new URL(url).origin, opts.secrets);
    throw new TransientProviderError(`could not reach ${where}: ${redact(describeNetworkError(error), opts.secrets)}`);
  }
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON: keep the text, the caller decides what that means.
  }
  if (response.status === 429) {
    throw new TransientProviderError('HTTP 429 (rate limited)', retryAfterMs(response.headers.get('retry-after')), 429);
  }
  if (response.status >= 500) {
    throw new TransientProviderError(`HTTP ${response.status}`, retryAfterMs(response.headers.get('retry-after')), response.status);
  }
  if (response.status < 200 || response.status >= 300) {
    throw new ProviderHttpError(`${opts.provider} answered HTTP ${response.status}`, response.status, body);
  }
  if (typeof body === 'string') {
    throw new ProviderHttpError(`${opts.provider} answered with something that is not JSON`, response.status, body.slice(0, 200));
  }
  return body;
}
