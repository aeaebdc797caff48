// Protects the engine from a flooding chat (inbound): each chat's messages run one at a time, in order, at most
// `perMinute` a minute with a few waiting; beyond that they are dropped and the chat gets one polite "slow down".
import { setTimeout as delay } from 'node:timers/promises';
import Bottleneck from 'bottleneck';
import { wallClock, type Clock } from '../../engine/clock.ts';
import { logger } from '../../log.ts';

const log = logger('flood-gate');

export interface FloodLimits {
  /** Messages a chat may have handled per minute. */
  perMinute: number;
  /** Messages that may wait for their turn before new ones are dropped. */
  waiting: number;
}

export const DEFAULT_FLOOD_LIMITS: FloodLimits = { perMinute: 30, waiting: 5 };

export const SLOW_DOWN_TEXT = 'Slow down a little, please: I am still working on your earlier messages. I skipped the last one; send it again in a minute.';

export class ChatFloodGate {
  private readonly chats: Bottleneck.Group;
  /** When each chat was last told to slow down (epoch ms): at most once a minute. */
  private readonly warned = new Map<string, number>();
  private stopped = false;
  private closed = false;

  constructor(
    limits: FloodLimits,
    /** Tells a chat to slow down (at most once a minute). */
    private readonly slowDown: (chatKey: string) => Promise<void>,
    /** Reads the time for the once-a-minute notice (tests move a ManualClock; bottleneck keeps its own timers). */
    private readonly clock: Clock = wallClock,
  ) {
    this.chats = new Bottleneck.Group({
      maxConcurrent: 1,
      highWater: limits.waiting,
      strategy: Bottleneck.strategy.OVERFLOW,
      reservoir: limits.perMinute,
      reservoirRefreshAmount: limits.perMinute,
      reservoirRefreshInterval: 60_000,
      timeout: 10 * 60_000,
    });
  }

  /**
   * Queues a chat's message handler; never throws (handler errors are logged). `dropped` runs when the message is
   * dropped for flooding (not when the gate is stopping: what a stop leaves is answered after the restart).
   */
  submit(chatKey: string, handler: () => Promise<void>, dropped?: () => void): void {
    if (this.stopped) {
      log.warn({ chat: chatKey }, 'message arrived while stopping: left for the next start');
      return;
    }
    this.chats
      .key(chatKey)
      // After a drain that ran out of time nothing more runs: the database and the platform are closing.
      .schedule(() => (this.closed ? Promise.resolve() : handler()))
      .catch((err: unknown) => {
        if (err instanceof Bottleneck.BottleneckError) {
          if (this.stopped) return;
          dropped?.();
          const now = this.clock.now();
          if (now - (this.warned.get(chatKey) ?? 0) < 60_000) return;
          this.warned.set(chatKey, now);
          if (this.warned.size > 10_000) this.warned.delete(this.warned.keys().next().value!); // not empty: forget the oldest
          log.warn({ chat: chatKey }, 'chat flooding: message dropped');
          this.slowDown(chatKey).catch((e: unknown) => log.warn({ err: e, chat: chatKey }, 'slow-down notice failed'));
          return;
        }
        log.error({ err, chat: chatKey }, 'message handler failed');
      });
  }

  /**
   * Lets the handlers under way and the messages already queued finish (a platform has confirmed them, so a queued
   * message dropped here would be lost), for at most `drainMs`; what is still waiting then is logged and left.
   */
  async stop(drainMs = 15_000): Promise<void> {
    this.stopped = true;
    // The per-minute budget guards against live traffic; what is already queued runs now, not after a refill.
    for (const { limiter } of this.chats.limiters()) limiter.updateSettings({ reservoir: null });
    const drained = Promise.all(this.chats.limiters().map(({ limiter }) => limiter.stop({ dropWaitingJobs: false }).catch(() => undefined))).then(() => true);
    const done = await Promise.race([drained, delay(drainMs, false, { ref: false })]);
    if (!done) {
      this.closed = true;
      const left = this.chats.limiters().reduce((n, { limiter }) => n + limiter.counts().QUEUED + limiter.counts().RUNNING, 0);
      log.warn({ left }, 'stopping with chat messages still queued: they were not answered');
    }
  }
}
