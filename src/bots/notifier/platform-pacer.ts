// Keeps outgoing messages within a platform's limits with bottleneck: an overall rate (Telegram 30/s), one job at
// a time per chat, and a minimum gap per chat (1 s; 3 s in Telegram groups = 20/min) counted from the end of the
// previous send, so the gap holds where the platform receives the messages, not only where they leave.
import Bottleneck from 'bottleneck';

export interface PaceLimits {
  /** Messages per second over all chats; unlimited when absent. */
  overallPerSecond?: number;
  /** Minimum gap between two messages to one chat, ms. */
  chatGapMs: number;
  /** Minimum gap in group chats, ms (Telegram: 20 a minute = 3000). */
  groupGapMs?: number;
}

export const TELEGRAM_LIMITS: PaceLimits = { overallPerSecond: 30, chatGapMs: 1000, groupGapMs: 3000 };
export const SLACK_LIMITS: PaceLimits = { chatGapMs: 1000 };

/** Spacing margin over the exact 1000/n ms, so network jitter cannot squeeze n+1 sends into one second. */
const OVERALL_MARGIN_MS = 2;

export class PlatformPacer {
  private readonly overall: Bottleneck;
  private readonly chats: Bottleneck.Group;
  /** Per chat: when the next send may start (epoch ms). */
  private readonly nextAllowed = new Map<string, number>();

  constructor(
    private readonly limits: PaceLimits,
    private readonly isGroup: (chatId: string) => boolean = () => false,
  ) {
    const minTime = limits.overallPerSecond ? Math.ceil(1000 / limits.overallPerSecond) + OVERALL_MARGIN_MS : 0;
    this.overall = new Bottleneck({ minTime, maxConcurrent: limits.overallPerSecond ? Math.max(1, limits.overallPerSecond) : null });
    // One job per chat at a time keeps a chat's messages in order and makes the per-chat gap simple to hold.
    this.chats = new Bottleneck.Group({ maxConcurrent: 1, timeout: 10 * 60_000 });
  }

  /** Runs `job` in the chat's turn (after the chat's earlier jobs). Rejects with a Bottleneck error when stopped. */
  inChatTurn<T>(chatId: string, job: () => Promise<T>): Promise<T> {
    return this.chats.key(chatId).schedule(job);
  }

  /** Sends one message to a chat within the limits: waits for the chat's gap, then for an overall slot. */
  async send<T>(chatId: string, fn: () => Promise<T>): Promise<T> {
    const wait = (this.nextAllowed.get(chatId) ?? 0) - Date.now();
    if (wait > 0) await sleep(wait);
    try {
      return await this.overall.schedule(fn);
    } finally {
      this.holdChat(chatId, this.gapOf(chatId));
    }
  }

  /** Keeps a chat quiet for `ms` from now (after a send, or when the platform answers 429 with a retry time). */
  holdChat(chatId: string, ms: number): void {
    const until = Date.now() + ms;
    if ((this.nextAllowed.get(chatId) ?? 0) < until) this.nextAllowed.set(chatId, until);
    if (this.nextAllowed.size > 5000) this.forgetPast();
  }

  /** Stops taking jobs: queued chat jobs are dropped, running sends finish. */
  async stop(): Promise<void> {
    // Together: chat jobs under way are waiting for an overall slot, and only dropping those lets them end.
    await Promise.all([
      this.overall.stop({ dropWaitingJobs: true }).catch(() => undefined),
      ...this.chats.limiters().map(({ limiter }) => limiter.stop({ dropWaitingJobs: true }).catch(() => undefined)),
    ]);
  }

  private gapOf(chatId: string): number {
    return this.isGroup(chatId) && this.limits.groupGapMs !== undefined ? this.limits.groupGapMs : this.limits.chatGapMs;
  }

  private forgetPast(): void {
    const now = Date.now();
    for (const [chat, t] of this.nextAllowed) if (t < now) this.nextAllowed.delete(chat);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
