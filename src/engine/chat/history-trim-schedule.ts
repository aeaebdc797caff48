// Which chats' histories a write trims. The trim is the costliest part of a write (it finds each chat's oldest kept
// message), so a chat is trimmed once every `every` messages appended to it rather than at every exchange: it holds
// at most its limit plus `every` plus one exchange's messages, and reads take the newest `limit` anyway.
import type { ChatKey } from './chat-memory-store.ts';

export class HistoryTrimSchedule {
  /** Messages appended per chat since its last trim (insertion order: the least recently written first). */
  private readonly appended = new Map<string, { key: ChatKey; count: number }>();

  constructor(
    private readonly every: number,
    /** Chats counted at most; the least recently written beyond it is trimmed at once, so none goes unbounded. */
    private readonly maxTracked = 10_000,
  ) {}

  /** Counts the messages of this write's exchanges and returns the chats to trim in it. */
  takeDue(turns: readonly { key: ChatKey; messages: number }[]): ChatKey[] {
    const due = new Map<string, ChatKey>();
    for (const { key, messages } of turns) {
      const id = `${key.platform}\u0000${key.chatId}`;
      const count = (this.appended.get(id)?.count ?? 0) + messages;
      this.appended.delete(id);
      if (count >= this.every) due.set(id, key);
      else this.appended.set(id, { key, count });
    }
    while (this.appended.size > this.maxTracked) {
      const [id, oldest] = this.appended.entries().next().value!; // not empty: over the bound
      this.appended.delete(id);
      due.set(id, oldest.key);
    }
    return [...due.values()];
  }

  /** A write that failed did not trim: its chats are due again at the next write. */
  restore(keys: readonly ChatKey[]): void {
    for (const key of keys) this.appended.set(`${key.platform}\u0000${key.chatId}`, { key, count: this.every });
  }
}
