// Per-chat memory in the database: the follow-up state (chat_memory) and a bounded message history (chat_messages)
// for the language model's context. Both survive a restart of the core on the same database. The state's shape is the
// conversation core's: it hands the parser that turns a stored JSON value back into it.
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { chatMemory, chatMessages } from '../db/schema/index.ts';

export interface ChatKey {
  platform: string;
  chatId: string;
}

export interface HistoryMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** Messages kept per chat; older ones are deleted as new ones arrive. */
export const HISTORY_LIMIT = 20;

export class ChatMemoryStore<State extends object> {
  constructor(
    private readonly db: Db,
    /** Turns a stored value into the state (a stale or foreign one into an empty state). */
    private readonly parseState: (stored: unknown) => State,
    private readonly historyLimit = HISTORY_LIMIT,
  ) {}

  async load(key: ChatKey): Promise<State> {
    const [row] = await this.db
      .select({ state: chatMemory.state })
      .from(chatMemory)
      .where(and(eq(chatMemory.platform, key.platform), eq(chatMemory.chatId, key.chatId)));
    return this.parseState(row?.state);
  }

  async save(key: ChatKey, state: State): Promise<void> {
    const now = new Date();
    const value = state as Record<string, unknown>;
    await this.db
      .insert(chatMemory)
      .values({ platform: key.platform, chatId: key.chatId, state: value, updatedAt: now })
      .onConflictDoUpdate({ target: [chatMemory.platform, chatMemory.chatId], set: { state: value, updatedAt: now } });
  }

  /** Appends messages in order and trims the chat's history to the limit. */
  async append(key: ChatKey, messages: readonly HistoryMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.db.insert(chatMessages).values(messages.map((m) => ({ ...key, role: m.role, content: m.content })));
    const keep = await this.db
      .select({ id: chatMessages.id })
      .from(chatMessages)
      .where(and(eq(chatMessages.platform, key.platform), eq(chatMessages.chatId, key.chatId)))
      .orderBy(desc(chatMessages.id))
      .limit(1)
      .offset(this.historyLimit - 1);
    const oldestKept = keep[0]?.id;
    if (oldestKept !== undefined) {
      await this.db
        .delete(chatMessages)
        .where(and(eq(chatMessages.platform, key.platform), eq(chatMessages.chatId, key.chatId), lt(chatMessages.id, oldestKept)));
    }
  }

  /** The chat's kept history, oldest first. */
  async history(key: ChatKey): Promise<HistoryMessage[]> {
    const rows = await this.db
      .select({ role: chatMessages.role, content: chatMessages.content })
      .from(chatMessages)
      .where(and(eq(chatMessages.platform, key.platform), eq(chatMessages.chatId, key.chatId)))
      .orderBy(desc(chatMessages.id))
      .limit(this.historyLimit);
    return rows.reverse().map((r) => ({ role: r.role === 'assistant' ? 'assistant' : 'user', content: r.content }));
  }
}
