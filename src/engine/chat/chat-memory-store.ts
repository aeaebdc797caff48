// Per-chat memory in the database: the follow-up state (chat_memory) and a bounded message history (chat_messages)
// for the language model's context. Both survive a restart of the core on the same database. The state's shape is the
// conversation core's: it hands the parser that turns a stored JSON value back into it.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { chatMemory, chatMessages } from '../db/schema/index.ts';
import { HistoryTrimSchedule } from './history-trim-schedule.ts';

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
/** Exchanges written (or states read) by one statement at most (a bound on its size). */
const MAX_TURNS_PER_WRITE = 200;

interface PendingTurn<State> {
  key: ChatKey;
  state: State | null;
  messages: readonly HistoryMessage[];
  resolve(): void;
  reject(err: unknown): void;
}

const idOf = (key: ChatKey) => `${key.platform}\u0000${key.chatId}`;

export class ChatMemoryStore<State extends object> {
  private readonly historyLimit: number;
  private readonly cache: Map<string, string> | null;
  /** Exchanges waiting for the next write, and the write under way. */
  private readonly waiting: PendingTurn<State>[] = [];
  private writing: Promise<void> | null = null;
  /** State reads waiting for the next statement, and the read under way. */
  private readonly reads: { key: ChatKey; resolve(state: unknown): void; reject(err: unknown): void }[] = [];
  private reading: Promise<void> | null = null;
  private readonly trims: HistoryTrimSchedule;

  constructor(
    private readonly db: Db,
    /** Turns a stored value into the state (a stale or foreign one into an empty state). */
    private readonly parseState: (stored: unknown) => State,
    opts: ChatMemoryOptions = {},
  ) {
    this.historyLimit = opts.historyLimit ?? HISTORY_LIMIT;
    this.trims = new HistoryTrimSchedule(Math.max(2, Math.floor(this.historyLimit / 2)));
    this.cache = opts.cacheStates ? new Map() : null;
  }

  /**
   * The chat's state. Reads that arrive while one is under way go together in the next statement, as the writes do:
   * a hundred chats starting at once cost two reads, not a hundred one after another on the connection.
   */
  async load(key: ChatKey): Promise<State> {
    const id = idOf(key);
    const cached = this.cache?.get(id);
    // a fresh parse of the stored JSON each time: the caller mutates what it gets
    if (cached !== undefined) return this.parseState(JSON.parse(cached));
    const stored = await new Promise<unknown>((resolve, reject) => {
      this.reads.push({ key, resolve, reject });
      this.reading ??= this.readWaiting();
    });
    return this.parseState(stored);
  }

  private async readWaiting(): Promise<void> {
    while (this.reads.length > 0) {
      const batch = this.reads.splice(0, MAX_TURNS_PER_WRITE);
      try {
        const chats = [...new Map(batch.map((r) => [idOf(r.key), r.key])).values()].map((k) => sql`(${k.platform}, ${k.chatId})`);
        const rows = await this.db
          .select({ platform: chatMemory.platform, chatId: chatMemory.chatId, state: chatMemory.state })
          .from(chatMemory)
          .where(sql`(${chatMemory.platform}, ${chatMemory.chatId}) in (${sql.join(chats, sql`, `)})`);
        const found = new Map(rows.map((r) => [idOf(r), r.state]));
        for (const r of batch) {
          const state = found.get(idOf(r.key));
          this.remember(idOf(r.key), state ?? {});
          r.resolve(state);
        }
      } catch (err) {
        for (const r of batch) r.reject(err);
      }
    }
    this.reading = null;
  }

  private remember(id: string, state: unknown): void {
    if (!this.cache) return;
    this.cache.delete(id);
    this.cache.set(id, JSON.stringify(state));
    if (this.cache.size > CACHED_CHATS) this.cache.delete(this.cache.keys().next().value!); // not empty: drop the oldest
  }

  /**
   * One exchange: the new state (null when it did not change), the messages appended in order, and the chat's history
   * trimmed to the limit. Resolves once written. Exchanges that arrive while a write is under way are written
   * together by the next one (a group commit: one statement for many chats under load, none added when idle).
   */
  saveTurn(key: ChatKey, state: State | null, messages: readonly HistoryMessage[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ key, state, messages, resolve, reject });
      this.writing ??= this.writeWaiting();
    });
  }

  private async writeWaiting(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_TURNS_PER_WRITE);
      try {
        await this.writeTurns(batch);
        for (const t of batch) if (t.state !== null) this.remember(idOf(t.key), t.state);
        for (const t of batch) t.resolve();
      } catch (err) {
        for (const t of batch) t.reject(err);
      }
    }
    this.writing = null;
  }

  /**
   * The turns in one statement: the chats' newest states, every message in order, and the trim of the chats due for
   * one (HistoryTrimSchedule). The trim sees the history as it was before this statement, so a trimmed chat may hold
   * a turn more than the limit; reads take the newest `historyLimit` anyway.
   */
  private async writeTurns(turns: readonly PendingTurn<State>[]): Promise<void> {
    const now = new Date().toISOString();
    const states = new Map<string, PendingTurn<State>>();
    for (const t of turns) if (t.state !== null) states.set(idOf(t.key), t); // a chat twice: its newest state
    const parts = [];
    if (states.size > 0) {
      const rows = [...states.values()].map((t) => sql`(${t.key.platform}, ${t.key.chatId}, (${JSON.stringify(t.state)}::text)::jsonb, ${now})`);
      parts.push(
        sql`saved as (insert into ${chatMemory} (platform, chat_id, state, updated_at) values ${sql.join(rows, sql`, `)}
          on conflict (platform, chat_id) do update set state = excluded.state, updated_at = excluded.updated_at)`,
      );
    }
    const messages = turns.flatMap((t) => t.messages.map((m) => sql`(${t.key.platform}, ${t.key.chatId}, ${m.role}, ${m.content})`));
    if (messages.length > 0) parts.push(sql`appended as (insert into ${chatMessages} (platform, chat_id, role, content) values ${sql.join(messages, sql`, `)})`);
    const due = this.trims.takeDue(turns.map((t) => ({ key: t.key, messages: t.messages.length })));
    if (parts.length === 0 && due.length === 0) return;
    // Each due chat keeps its newest `historyLimit` messages, ranked in one pass over those chats' rows.
    const chats = due.map((k) => sql`(${k.platform}, ${k.chatId})`);
    const last = due.length
      ? sql`delete from ${chatMessages} where id in (select id from (select id, row_number() over (partition by platform, chat_id order by id desc) as rank
          from ${chatMessages} where (platform, chat_id) in (${sql.join(chats, sql`, `)})) ranked where rank > ${this.historyLimit})`
      : sql`select 1`;
    try {
      await this.db.execute(parts.length ? sql`with ${sql.join(parts, sql`, `)} ${last}` : last);
    } catch (err) {
      this.trims.restore(due);
      throw err;
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
