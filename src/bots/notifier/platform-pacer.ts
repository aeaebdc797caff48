// Keeps outgoing messages within a platform's limits with bottleneck: an overall rate (Telegram 30/s), one job at
// a time per chat, and a minimum gap per chat (1 s; 3 s in Telegram groups = 20/min) counted from the end of the
// previous send, so the gap holds where the platform receives the messages, not only where they leave. A caller's
// `inSlot` step (the notifier claiming its outbox row) runs only once a send's slot has come up, so nothing is
// claimed while it waits, and at most `maxInFlight` sends are ever between that step and their answer.
import { setTimeout as delay } from 'node:timers/promises';
import Bottleneck from 'bottleneck';
import { wallClock, type Clock } from '../../engine/clock.ts';
import { logger } from '../../log.ts';
import type { SharedPace } from './redis-pace.ts';

const log = logger('pacer');

export interface PaceLimits {
  /** Messages per second over all chats; unlimited when absent. */
  overallPerSecond?: number;
  /** Minimum gap between two messages to one chat, ms. */
  chatGapMs: number;
  /** Minimum gap in group chats, ms (Telegram: 20 a minute = 3000). */
  groupGapMs?: number;
  /** Most sends under way at once over all chats; by default `overallPerSecond`, unlimited when neither is set. */
  maxInFlight?: number;
}

export const TELEGRAM_LIMITS: PaceLimits = { overallPerSecond: 30, chatGapMs: 1000, groupGapMs: 3000 };
// Below the WebClient's own request queue (100), so a claimed message never waits in a queue we cannot see.
export const SLACK_LIMITS: PaceLimits = { chatGapMs: 1000, maxInFlight: 10 };

/** The most sends a pacer with these limits has under way at once (what a crash can leave ambiguous). */
export function maxInFlight(limits: PaceLimits): number {
  return Math.max(1, limits.maxInFlight ?? limits.overallPerSecond ?? Infinity);
}

/** Spacing margin over the exact 1000/n ms, so network jitter cannot squeeze n+1 sends into one second. */
const OVERALL_MARGIN_MS = 2;
/** A chat's gap is reserved from a send's start across instances (its end is held only after): room for the send. */
const SHARED_MARGIN_MS = 50;

export class PlatformPacer {
  private readonly overall: Bottleneck;
  private readonly chats: Bottleneck.Group;
  /** Per chat: when the next send may start (epoch ms). */
  private readonly nextAllowed = new Map<string, number>();
  /** Minimum spacing of send starts over all chats, ms. */
  private readonly minTime: number;
  /** When the last send started over all chats (epoch ms). */
  private lastStart = Number.NEGATIVE_INFINITY;
  /** The sends' starts, one after another: each is spaced from the previous one's actual start. */
  private starts: Promise<void> = Promise.resolve();

  constructor(
    private readonly limits: PaceLimits,
    private readonly isGroup: (chatId: string) => boolean = () => false,
    /**
     * Reads the time for the per-chat gaps and the overall spacing. The waits themselves are real timers (as are
     * bottleneck's), so the limits hold where a platform receives the messages; a test clock moves what they count from.
     */
    private readonly clock: Clock = wallClock,
    /** With several instances (REDIS_URL): the spacing, gaps and 429 holds they share; absent, this process's own. */
    private readonly shared?: SharedPace,
  ) {
    this.minTime = limits.overallPerSecond ? Math.ceil(1000 / limits.overallPerSecond) + OVERALL_MARGIN_MS : 0;
    const concurrent = maxInFlight(limits);
    this.overall = new Bottleneck({ minTime: this.minTime, maxConcurrent: Number.isFinite(concurrent) ? concurrent : null });
    // One job per chat at a time keeps a chat's messages in order and makes the per-chat gap simple to hold.
    this.chats = new Bottleneck.Group({ maxConcurrent: 1, timeout: 10 * 60_000 });
  }

  /** Runs `job` in the chat's turn (after the chat's earlier jobs). Rejects with a Bottleneck error when stopped. */
  inChatTurn<T>(chatId: string, job: () => Promise<T>): Promise<T> {
    return this.chats.key(chatId).schedule(job);
  }

  /**
   * Sends one message to a chat within the limits: waits for the chat's gap, then for an overall slot. `inSlot` runs
   * when the slot has come up, right before `fn`; when it throws, nothing is sent and the error is passed on.
   */
  async send<T>(chatId: string, fn: () => Promise<T>, inSlot?: () => Promise<void>): Promise<T> {
    const wait = (this.nextAllowed.get(chatId) ?? 0) - this.clock.now();
    if (wait > 0) await delay(wait);
    // The chat's turn among every instance (its gap, or a 429 another instance received).
    await this.sharedWait(() => this.shared!.reserveChat(chatId, this.gapOf(chatId) + SHARED_MARGIN_MS));
    let started = false;
    try {
      return await this.overall.schedule(async () => {
        if (inSlot) await inSlot();
        // Bottleneck spaces the slots; a slow `inSlot` must not let two sends start closer than that.
        await this.spaceStart();
        if (this.minTime > 0) await this.sharedWait(() => this.shared!.reserveStart(this.minTime));
        started = true;
        return fn();
      });
    } finally {
      if (started) this.holdChat(chatId, this.gapOf(chatId));
    }
  }

  /**
   * Takes in a send made `agoMs` ago by a previous process (found in the outbox at start), so the chat's gap and the
   * overall spacing continue from it rather than from nothing.
   */
  recall(chatId: string, agoMs: number): void {
    const ago = Math.max(0, agoMs);
    const chatWait = this.gapOf(chatId) - ago;
    if (chatWait > 0) this.holdChat(chatId, chatWait);
    this.lastStart = Math.max(this.lastStart, this.clock.now() - ago);
  }

  /** Keeps a chat quiet for `ms` from now (after a send, or when the platform answers 429 with a retry time). */
  holdChat(chatId: string, ms: number): void {
    const until = this.clock.now() + ms;
    if ((this.nextAllowed.get(chatId) ?? 0) < until) this.nextAllowed.set(chatId, until);
    if (this.nextAllowed.size > 5000) this.forgetPast();
    void this.shared?.holdChat(chatId, ms).catch((err: unknown) => this.sharedFailed(err));
  }

  /** Waits for a slot reserved with the other instances; a Redis that fails leaves this process's own limits. */
  private async sharedWait(reserve: () => Promise<number>): Promise<void> {
    if (!this.shared) return;
    try {
      const wait = await reserve();
      if (wait > 0) await delay(wait);
    } catch (err) {
      this.sharedFailed(err);
    }
  }

  private warnedAt = Number.NEGATIVE_INFINITY;

  private sharedFailed(err: unknown): void {
    if (this.clock.now() - this.warnedAt < 60_000) return;
    this.warnedAt = this.clock.now();
    log.warn({ err: err instanceof Error ? err.message : String(err) }, 'the shared rate limits in Redis cannot be reached: this instance paces by its own limits');
  }

  /** Stops taking jobs: queued chat jobs are dropped, running sends finish. */
  async stop(): Promise<void> {
    // Together: chat jobs under way are waiting for an overall slot, and only dropping those lets them end.
    await Promise.all([
      this.overall.stop({ dropWaitingJobs: true }).catch(() => undefined),
      ...this.chats.limiters().map(({ limiter }) => limiter.stop({ dropWaitingJobs: true }).catch(() => undefined)),
    ]);
    await this.shared?.close();
  }

  /**
   * Waits until `minTime` after the previous send's actual start. The starts take turns, and each measures from when
   * the previous one really began: a timer firing late (a busy event loop) must not let queued sends start together.
   */
  private spaceStart(): Promise<void> {
    if (this.minTime === 0) return Promise.resolve();
    const turn = this.starts.then(async () => {
      const wait = this.lastStart + this.minTime - this.clock.now();
      if (wait > 0) await delay(wait);
      this.lastStart = this.clock.now();
    });
    this.starts = turn;
    return turn;
  }

  private gapOf(chatId: string): number {
    return this.isGroup(chatId) && this.limits.groupGapMs !== undefined ? this.limits.groupGapMs : this.limits.chatGapMs;
  }

  private forgetPast(): void {
    const now = this.clock.now();
    for (const [chat, t] of this.nextAllowed) if (t < now) this.nextAllowed.delete(chat);
  }
}
