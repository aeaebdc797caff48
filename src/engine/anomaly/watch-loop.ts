// Runs the process and trading watchers every half minute while the bot runs; a failing check is logged, never
// thrown (a watcher must not take the bot down), and a slow one is not started again before it ends.
import { logger } from '../../log.ts';

const log = logger('anomaly');
export const WATCH_INTERVAL_MS = 30_000;

export class WatchLoop {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;

  constructor(private readonly checks: { name: string; check: () => Promise<void> }[]) {}

  start(intervalMs = WATCH_INTERVAL_MS): void {
    this.timer ??= setInterval(() => void this.runOnce(), intervalMs).unref();
  }

  /** One round of every check (the timer's, and tests'). */
  async runOnce(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      for (const c of this.checks) await c.check().catch((err: unknown) => log.error({ err, watcher: c.name }, 'watcher failed'));
    })().finally(() => (this.running = null));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
