// The errors a provider request can end in: transient (worth another try) or an unexpected answer shape.
import type { z } from 'zod';
import { UserError } from '../../user-error.ts';

/** A failure that may pass if tried again: 429, 5xx, a network error or a timeout. */
export class TransientProviderError extends Error {
  override name = 'TransientProviderError';
  constructor(
    message: string,
    /** The wait the provider named (Retry-After), in ms; absent when it named none. */
    readonly retryAfterMs?: number,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** A non-2xx answer that another try will not change (400, 401, 403, 404...). */
export class ProviderHttpError extends Error {
  override name = 'ProviderHttpError';
  constructor(
    message: string,
    readonly status: number,
    /** The answer's body, parsed as JSON when it was JSON, else its text. */
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** The provider answered 2xx with something we do not understand: fail loudly, naming the field. */
export class UnexpectedShapeError extends UserError {
  override name = 'UnexpectedShapeError';
  constructor(
    readonly provider: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${provider} answered with an unexpected shape: field "${field}": ${problem}`);
  }
}

/** `results[3].c` from zod's path ['results', 3, 'c']. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(the whole answer)';
}

/** Parses a provider's JSON with a zod schema; on failure throws an UnexpectedShapeError naming the first bad field. */
export function parseAnswer<S extends z.ZodType>(provider: string, schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new UnexpectedShapeError(provider, formatPath(issue.path), issue.message);
}

/** A provider's HTTP status in a few words of ours: its own error text can echo the request, so it never reaches a chat. */
export function statusReason(status: number): string {
  if (status === 400 || status === 422) return 'a bad request';
  if (status === 401 || status === 403) return 'not authorised';
  if (status === 404) return 'not found';
  if (status === 429) return 'too many requests';
  if (status >= 500) return 'a server error';
  return `HTTP ${status}`;
}
