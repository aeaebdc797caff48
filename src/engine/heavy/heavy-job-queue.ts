// Admission for heavy work asked from chats: at most `running` jobs at once (one per worker), at most `perChat` of
// them from one chat, and a bounded line of waiting jobs. A job that must wait is told how many are ahead of it before
// it starts; one that finds the line full is refused at once, so memory and waiting times stay bounded.
import { UserError } from '../user-error.ts';

export interface HeavyJobLimits {
  /** Jobs running at once (default 2: the pool's workers). */
  running: number;
  /** Jobs waiting at most, over all chats (default 8). */
  waiting: number;
  /** Jobs of one chat running at once (default 1); a chat's next one waits its turn. */
  perChat: number;
  /** Jobs of one chat waiting at most (default 2). */
  perChatWaiting: number;
}

export const DEFAULT_HEAVY_LIMITS: HeavyJobLimits = { running: 2, waiting: 8, perChat: 1, perChatWaiting: 2 };

interface Waiting {
  chat: string;
  start(): void;
}

export class HeavyJobQueue {
  readonly limits: HeavyJobLimits;
  private readonly runningByChat = new Map<string, number>();
  private readonly line: Waiting[] = [];
  private running = 0;

  constructor(limits: Partial<HeavyJobLimits> = {}) {
    this.limits = { ...DEFAULT_HEAVY_LIMITS, ...limits };
  }

  /**
   * Runs `job` for `chat` when there is room. When it must wait, `onWait(ahead)` is awaited first with the number of
   * jobs running or waiting before it. A full line is a UserError saying so and what to do.
   */
  async run<T>(chat: string, job: () => Promise<T>, onWait?: (ahead: number) => void | Promise<void>): Promise<T> {
    if (!this.canStart(chat)) {
      const { waiting, perChatWaiting } = this.limits;
      if (this.line.filter((w) => w.chat === chat).length >= perChatWaiting) {
        throw new UserError(
          `You already have ${perChatWaiting === 1 ? 'a heavy request' : `${perChatWaiting} heavy requests`} waiting to run; their answers come first. Send this one again after them.`,
        );
      }
      if (this.line.length >= waiting) {
        throw new UserError(
          `Busy: ${this.running === 1 ? '1 heavy request is' : `${this.running} heavy requests are`} running and ${this.line.length} waiting, as many as I queue; nothing was started. Try again in a minute.`,
        );
      }
      const ahead = this.running + this.line.length;
      const turn = new Promise<void>((start) => this.line.push({ chat, start }));
      // The notice failing to reach the chat must not lose the job's place (it was taken) or its answer.
      await Promise.resolve(onWait?.(ahead)).catch(() => undefined);
      await turn;
    } else this.take(chat);
    try {
      return await job();
    } finally {
      this.release(chat);
    }
  }

  /** Jobs running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.line.length };
  }

  private canStart(chat: string): boolean {
    return this.running < this.limits.running && (this.runningByChat.get(chat) ?? 0) < this.limits.perChat;
  }

  private take(chat: string): void {
    this.running++;
    this.runningByChat.set(chat, (this.runningByChat.get(chat) ?? 0) + 1);
  }

  private release(chat: string): void {
    this.running--;
    const left = (this.runningByChat.get(chat) ?? 1) - 1;
    if (left > 0) this.runningByChat.set(chat, left);
    else this.runningByChat.delete(chat);
    // The first waiting job whose chat has room starts (first come, first served, one chat cannot hold the line).
    for (let i = 0; i < this.line.length && this.running < this.limits.running; ) {
      const w = this.line[i]!;
      if (!this.canStart(w.chat)) {
        i++;
        continue;
      }
      this.line.splice(i, 1);
      this.take(w.chat);
      w.start();
    }
  }
}
