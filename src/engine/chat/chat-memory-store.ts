// Per-chat memory in the database: the follow-up state (chat_memory) and a bounded message history (chat_messages)
// for the language model's context. Both survive a restart of the core on the same database. The state's shape is the
// conversation core's: it hands the parser that turns a stored JSON value back into it.
import { and, desc, eq, sql } from 'drizzle-orm';
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

export interface ChatMemoryOptions {
  historyLimit?: number;
  /**
   * Keep each chat's stored state in memory after reading or writing it. Only sound when no other process writes
   * this database (the embedded PGlite, which one process holds locked): a message then needs no read at all.
   */
  cacheStates?: boolean;
}

/** Chats whose state is kept in memory at most (the oldest read is dropped first). */
const CACHED_CHATS = 10_000;

export class ChatMemoryStore<State extends object> {
  private readonly historyLimit: number;
  private readonly cache: Map<string, string> | null;

  constructor(
    private readonly db: Db,
    /** Turns a stored value into the state (a stale or foreign one into an empty state). */
    private readonly parseState: (stored: unknown) => State,
    opts: ChatMemoryOptions = {},
  ) {
    this.historyLimit = opts.historyLimit ?? HISTORY_LIMIT;
    this.cache = opts.cacheStates ? new Map() : null;
  }

  async load(key: ChatKey): Promise<State> {
    const id = `${key.platform}\u0000${key.chatId}`;
    const cached = this.cache?.get(id);
    // a fresh parse of the stored JSON each time: the caller mutates what it gets
    if (cached !== undefined) return this.parseState(JSON.parse(cached));
    const [row] = await this.db
      .select({ state: chatMemory.state })
      .from(chatMemory)
      .where(and(eq(chatMemory.platform, key.platform), eq(chatMemory.chatId, key.chatId)));
    this.remember(id, row?.state ?? {});
    return this.parseState(row?.state);
  }

  private remember(id: string, state: unknown): void {
    if (!this.cache) return;
    this.cache.delete(id);
    this.cache.set(id, JSON.stringify(state));
    if (this.cache.size > CACHED_CHATS) this.cache.delete(this.cache.keys().next().value!); // not empty: drop the oldest
  }

  /**
   * One exchange in one statement: the new state (null when it did not change), the messages appended in order, and
   * the chat's history trimmed to the limit. The trim sees the history as it was before this statement, so a chat may
   * hold a turn more than the limit until its next message; reads take the newest `historyLimit` anyway.
   */
  async saveTurn(key: ChatKey, state: State | null, messages: readonly HistoryMessage[]): Promise<void> {
    const now = new Date();
    const sameChat = sql`${chatMessages.platform} = ${key.platform} and ${chatMessages.chatId} = ${key.chatId}`;
    const parts = [];
    if (state !== null) {
      parts.push(
        sql`saved as (insert into ${chatMemory} (platform, chat_id, state, updated_at) values (${key.platform}, ${key.chatId}, (${JSON.stringify(state)}::text)::jsonb, ${now.toISOString()})
          on conflict (platform, chat_id) do update set state = excluded.state, updated_at = excluded.updated_at)`,
      );
    }
    if (messages.length > 0) {
      const rows = sql.join(
        messages.map((m) => sql`(${key.platform}, ${key.chatId}, ${m.role}, ${m.content})`),
        sql`, `,
      );
      parts.push(sql`appended as (insert into ${chatMessages} (platform, chat_id, role, content) values ${rows})`);
    }
    const oldestKept = sql`(select id from ${chatMessages} where ${sameChat} order by id desc limit 1 offset ${this.historyLimit - 1})`;
    const trim = sql`delete from ${chatMessages} where ${sameChat} and ${chatMessages.id} < ${oldestKept}`;
    await this.db.execute(parts.length ? sql`with ${sql.join(parts, sql`, `)} ${trim}` : trim);
    if (state !== null) this.remember(`${key.platform}\u0000${key.chatId}`, state);
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
