// Sends a provider's requests through a rate limiter (bottleneck) and retries transient failures:
// 429 after the wait it names, 5xx and network errors with bounded exponential backoff.
import Bottleneck from 'bottleneck';
import { UserError } from '../../user-error.ts';
import { TransientProviderError } from './provider-errors.ts';
import { redact } from './redact.ts';

/** At most `requests` requests every `intervalMs` (a provider's quota window). */
export interface RateLimit {
  requests: number;
  intervalMs: number;
}

export interface RetryPolicy {
  /** Retries after the first try (so `retries + 1` tries in all). */
  retries: number;
  /** First backoff; doubled each retry, with ±20% jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A 429 naming a longer wait than this is not waited for: the pull fails with a clear line instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 120_000 };

/** The logger shape we need (pino's `warn`), so this module does not depend on how logging is set up. */
export interface SourceLog {
  warn(details: object, message: string): void;
}

export interface SchedulerOptions {
  /** The provider's name as users know it ("Polygon"), for messages. */
  provider: string;
  rateLimit: RateLimit | null;
  retry: RetryPolicy;
  /** Values that must never appear in a message or a log line (API keys). */
  secrets: readonly string[];
  log?: SourceLog;
}

/** What a source's caller may set about its requests (tests and paid plans change the defaults). */
export interface SourceRequestOptions {
  /** Defaults to the provider's free quota; null for none (a paid plan, or tests). */
  rateLimit?: RateLimit | null;
  retry?: Partial<RetryPolicy>;
  log?: SourceLog;
  fetchImpl?: typeof fetch;
}

/** A provider's scheduler from its caller's options, its own default quota and the keys it must never print. */
export function sourceScheduler(provider: string, opts: SourceRequestOptions, defaultRate: RateLimit, secrets: readonly string[]): RequestScheduler {
  return new RequestScheduler({
    provider,
    rateLimit: opts.rateLimit === undefined ? defaultRate : opts.rateLimit,
    retry: { ...DEFAULT_RETRY, ...opts.retry },
    secrets,
    log: opts.log,
  });
}

export class RequestScheduler {
  private readonly limiter: Bottleneck;
  private readonly opts: SchedulerOptions;

  constructor(opts: SchedulerOptions) {
    this.opts = opts;
    const rl = opts.rateLimit;
    this.limiter = new Bottleneck({
      maxConcurrent: 1,
      ...(rl ? { reservoir: rl.requests, reservoirRefreshAmount: rl.requests, reservoirRefreshInterval: rl.intervalMs } : {}),
    });
  }

  private retryDelay(error: unknown, retryCount: number): number | undefined {
    if (!(error instanceof TransientProviderError)) return undefined;
    const { retry, provider, secrets, log } = this.opts;
    if (retryCount >= retry.retries) return undefined;
    if (error.retryAfterMs !== undefined && error.retryAfterMs > retry.maxRetryAfterMs) return undefined;
    const backoff = Math.min(retry.baseDelayMs * 2 ** retryCount, retry.maxDelayMs) * (0.8 + Math.random() * 0.4);
    const delay = error.retryAfterMs ?? Math.round(backoff);
    log?.warn({ provider, attempt: retryCount + 1, delayMs: delay, status: error.status }, redact(`${provider}: ${error.message}; retrying`, secrets));
    return delay;
  }

  /** Runs one request (one HTTP call) under the limit and the retry policy. */
  async run<T>(request: () => Promise<T>): Promise<T> {
    // Our own loop rather than bottleneck's `failed` retries: those re-run the job outside the reservoir,
    // and every try must count against the provider's quota.
    for (let retryCount = 0; ; retryCount++) {
      try {
        return await this.limiter.schedule(request);
      } catch (error) {
        const delay = this.retryDelay(error, retryCount);
        if (delay === undefined) throw this.finalError(error);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private finalError(error: unknown): Error {
    const { provider, secrets, retry } = this.opts;
    if (error instanceof TransientProviderError) {
      if (error.retryAfterMs !== undefined && error.retryAfterMs > retry.maxRetryAfterMs) {
        return new UserError(
          `${provider} asks to wait ${Math.ceil(error.retryAfterMs / 1000)} s before the next request (rate limit): try again later`,
        );
      }
      return new UserError(redact(`${provider} did not answer after ${retry.retries + 1} tries (${error.message}): try again later`, secrets));
    }
    if (error instanceof Error) {
      // Keep the class (UserError and friends) but make sure no key rides along in the message.
      error.message = redact(error.message, secrets);
      if (error.stack) error.stack = redact(error.stack, secrets);
      return error;
    }
    return new Error(redact(String(error), secrets));
  }

  private stopped: Promise<void> | null = null;

  /** Drops queued requests and stops the limiter's timers; calling it again is harmless. */
  stop(): Promise<void> {
    this.stopped ??= this.limiter.stop({ dropWaitingJobs: true });
    return this.stopped;
  }
}
