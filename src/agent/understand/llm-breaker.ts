// After the language model times out (a hung endpoint, a lost connection), the next messages skip it for a minute and
// the offline understander answers at once: a model that hangs costs one slow answer a minute, not one per message.
// Fast failures (an overload or server error answered at once) do not trip it. Durations, not dates: a monotonic clock.
import { performance } from 'node:perf_hooks';

export const LLM_PAUSE_MS = 60_000;

export class LlmBreaker {
  private openUntil = -Infinity;

  /** `slowMs`: a failure that took this long was a timeout (the client's own timeout). */
  constructor(private readonly slowMs: number) {}

  /** True while the model is being skipped. */
  skipping(): boolean {
    return performance.now() < this.openUntil;
  }

  /** Times one call of the model; a failure that took `slowMs` or longer opens the breaker. */
  async call<T>(fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } catch (err) {
      if (performance.now() - started >= this.slowMs) this.openUntil = performance.now() + LLM_PAUSE_MS;
      throw err;
    }
  }
}
