// The persistent outbox: one row per (event, chat), so a notification survives a restart and reaches each chat at
// most once. Rows move pending -> sending -> sent | failed; a row left in `sending` by a crash is never resent.
import { and, asc, eq, inArray, lte, min, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { outbox } from '../db/schema/index.ts';
import type { OutboundMessage, Topic } from './notifier.ts';
import type { ChatAddress, ChatPlatform } from './subscription-store.ts';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** What is delivered: the message without its event key. */
export type OutboxPayload = Omit<OutboundMessage, 'eventKey'>;

export interface OutboxRow {
  id: number;
  eventKey: string;
  topic: Topic;
  platform: ChatPlatform;
  chatId: string;
  payload: OutboxPayload;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
}

export class OutboxStore {
  constructor(private readonly db: Db) {}

  /** Adds one row per chat for an event; chats that already have this event are skipped. Returns rows added. */
  async enqueue(topic: Topic, message: OutboundMessage, chats: readonly ChatAddress[], now: Date): Promise<number> {
    if (chats.length === 0) return 0;
    const payload: OutboxPayload = { text: message.text };
    if (message.code) payload.code = message.code;
    if (message.image) payload.image = message.image;
    let added = 0;
    // Batches keep each statement's parameter count far below PostgreSQL's limit.
    for (let i = 0; i < chats.length; i += 500) {
      const rows = await this.db
        .insert(outbox)
        .values(
          chats.slice(i, i + 500).map((c) => ({
            eventKey: message.eventKey,
            topic,
            platform: c.platform,
            chatId: c.chatId,
            payload: payload as Record<string, unknown>,
            nextAttemptAt: now,
            createdAt: now,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: outbox.id });
      added += rows.length;
    }
    return added;
  }

  /** Pending rows due by `now`, oldest first. */
  async due(now: Date, limit: number, platforms?: readonly ChatPlatform[]): Promise<OutboxRow[]> {
    const rows = await this.db
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.status, 'pending'),
          lte(outbox.nextAttemptAt, now),
          platforms ? inArray(outbox.platform, [...platforms]) : undefined,
        ),
      )
      .orderBy(asc(outbox.id))
      .limit(limit);
    return rows.map(toRow);
  }

  /** When the next pending row falls due, or null when nothing is pending. */
  async nextDueAt(platforms?: readonly ChatPlatform[]): Promise<Date | null> {
    const [row] = await this.db
      .select({ at: min(outbox.nextAttemptAt) })
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), platforms ? inArray(outbox.platform, [...platforms]) : undefined));
    return row?.at ? new Date(row.at) : null;
  }

  /** Takes a pending row for delivery (pending -> sending); false when another worker took it first. */
  async claim(id: number): Promise<boolean> {
    const rows = await this.db
      .update(outbox)
      .set({ status: 'sending', attempts: sql`${outbox.attempts} + 1` })
      .where(and(eq(outbox.id, id), eq(outbox.status, 'pending')))
      .returning({ id: outbox.id });
    return rows.length > 0;
  }

  async markSent(id: number, at: Date): Promise<void> {
    await this.db.update(outbox).set({ status: 'sent', sentAt: at, lastError: null }).where(eq(outbox.id, id));
  }

  /** Back to pending, to be tried again at `at` (after a 429 or a transient failure). */
  async reschedule(id: number, at: Date, error: string): Promise<void> {
    await this.db.update(outbox).set({ status: 'pending', nextAttemptAt: at, lastError: error }).where(eq(outbox.id, id));
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.db.update(outbox).set({ status: 'failed', lastError: error }).where(eq(outbox.id, id));
  }

  /** Fails every pending row of a chat that can no longer be reached (blocked the bot, was removed). */
  async failChat(chat: ChatAddress, error: string): Promise<number> {
    const rows = await this.db
      .update(outbox)
      .set({ status: 'failed', lastError: error })
      .where(and(eq(outbox.platform, chat.platform), eq(outbox.chatId, chat.chatId), eq(outbox.status, 'pending')))
      .returning({ id: outbox.id });
    return rows.length;
  }

  /**
   * Rows a stopped process left in `sending` may or may not have reached their chat: they are failed, not resent,
   * so no chat ever gets an event twice.
   */
  async abandonInterrupted(platforms?: readonly ChatPlatform[]): Promise<number> {
    const rows = await this.db
      .update(outbox)
      .set({ status: 'failed', lastError: 'interrupted during delivery; not resent (at most once)' })
      .where(and(eq(outbox.status, 'sending'), platforms ? inArray(outbox.platform, [...platforms]) : undefined))
      .returning({ id: outbox.id });
    return rows.length;
  }

  /** Row counts by status (for /status and tests). */
  async counts(): Promise<Record<OutboxStatus, number>> {
    const rows = await this.db
      .select({ status: outbox.status, n: sql<number>`count(*)::int` })
      .from(outbox)
      .groupBy(outbox.status);
    const out: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
    for (const r of rows) out[r.status as OutboxStatus] = Number(r.n);
    return out;
  }

  /** Every row of one event (tests, diagnostics). */
  async rowsOf(eventKey: string): Promise<OutboxRow[]> {
    const rows = await this.db.select().from(outbox).where(eq(outbox.eventKey, eventKey)).orderBy(asc(outbox.id));
    return rows.map(toRow);
  }
}

function toRow(r: typeof outbox.$inferSelect): OutboxRow {
  return {
    id: r.id,
    eventKey: r.eventKey,
    topic: r.topic as Topic,
    platform: r.platform as ChatPlatform,
    chatId: r.chatId,
    payload: r.payload as unknown as OutboxPayload,
    status: r.status as OutboxStatus,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt,
    lastError: r.lastError,
  };
}
