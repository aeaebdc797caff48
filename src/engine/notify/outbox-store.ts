// The persistent outbox: one row per (event, chat), so a notification survives a restart and reaches each chat at
// most once. Rows move pending -> sending -> sent | failed. A row is claimed (`sending`) only right before its send
// goes out and put back to pending while it waits out a 429, so a crash leaves in `sending` only the few sends that
// were really under way; those may or may not have arrived, and are never resent.
import { and, asc, eq, gt, gte, inArray, lte, min, or, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { outbox, type OUTBOX_STATUSES } from '../db/schema/index.ts';
import type { OutboundMessage, Topic } from './notifier.ts';
import type { ChatAddress, ChatPlatform } from './subscription-store.ts';

export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** What is delivered: the message without its event key; `silent` asks the platform for no sound (Telegram). */
export type OutboxPayload = Omit<OutboundMessage, 'eventKey' | 'kind'> & { silent?: boolean };

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
  /** When it was queued (delivery latency). */
  createdAt: Date;
}

export class OutboxStore {
  constructor(private readonly db: Db) {}

  /** Adds one row per chat for an event; chats that already have this event are skipped. Returns rows added. */
  async enqueue(topic: Topic, message: OutboundMessage, chats: readonly ChatAddress[], now: Date, opts: { silent?: boolean } = {}): Promise<number> {
    if (chats.length === 0) return 0;
    const payload: OutboxPayload = { text: message.text };
    if (message.code) payload.code = message.code;
    if (message.image) payload.image = message.image;
    if (opts.silent) payload.silent = true;
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

  /** Pending rows due by `now`, oldest first; `afterId` pages on from the last row of the previous page. */
  async due(now: Date, limit: number, platforms?: readonly ChatPlatform[], afterId = 0): Promise<OutboxRow[]> {
    const rows = await this.db
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.status, 'pending'),
          lte(outbox.nextAttemptAt, now),
          platforms ? inArray(outbox.platform, [...platforms]) : undefined,
          afterId > 0 ? gt(outbox.id, afterId) : undefined,
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

  /** When the next pending row falls due after `now` (a 429 or a backoff), or null when none is waiting. */
  async nextDueAfter(now: Date, platforms?: readonly ChatPlatform[]): Promise<Date | null> {
    const [row] = await this.db
      .select({ at: min(outbox.nextAttemptAt) })
      .from(outbox)
      .where(
        and(
          eq(outbox.status, 'pending'),
          gt(outbox.nextAttemptAt, now),
          platforms ? inArray(outbox.platform, [...platforms]) : undefined,
        ),
      );
    return row?.at ? new Date(row.at) : null;
  }

  /**
   * Takes a pending row for delivery right before its send (pending -> sending); false when it is no longer
   * pending (sent, failed, or taken by another worker). `newAttempt` false: the same delivery taking its row back
   * after a 429 wait, which is not counted again.
   */
  async claim(id: number, newAttempt = true): Promise<boolean> {
    const rows = await this.db
      .update(outbox)
      .set(newAttempt ? { status: 'sending', attempts: sql`${outbox.attempts} + 1` } : { status: 'sending' })
      .where(and(eq(outbox.id, id), eq(outbox.status, 'pending')))
      .returning({ id: outbox.id });
    return rows.length > 0;
  }

  async markSent(id: number, at: Date): Promise<void> {
    await this.db.update(outbox).set({ status: 'sent', sentAt: at, lastError: null }).where(eq(outbox.id, id));
  }

  /** Back to pending, to be tried again at `at` (after a 429 or a transient failure, also while waiting in place). */
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
   * Rows a stopped process left in `sending` had their send under way: it may or may not have reached the chat, so
   * they are failed, not resent, and no chat ever gets an event twice. Rows still waiting for a slot are pending.
   */
  async abandonInterrupted(platforms?: readonly ChatPlatform[]): Promise<number> {
    const rows = await this.db
      .update(outbox)
      .set({ status: 'failed', lastError: 'interrupted during delivery; not resent (at most once)' })
      .where(and(eq(outbox.status, 'sending'), platforms ? inArray(outbox.platform, [...platforms]) : undefined))
      .returning({ id: outbox.id });
    return rows.length;
  }

  /**
   * What the previous process sent lately, so a restart keeps the platforms' limits where it left off: rows sent
   * since `since` (with the time recorded) and rows it left under way (`sending`, time unknown: up to the crash).
   */
  async recentSends(since: Date, platforms?: readonly ChatPlatform[]): Promise<{ platform: ChatPlatform; chatId: string; at: Date | null }[]> {
    const rows = await this.db
      .select({ platform: outbox.platform, chatId: outbox.chatId, status: outbox.status, sentAt: outbox.sentAt })
      .from(outbox)
      .where(
        and(
          or(and(eq(outbox.status, 'sent'), gte(outbox.sentAt, since)), eq(outbox.status, 'sending')),
          platforms ? inArray(outbox.platform, [...platforms]) : undefined,
        ),
      );
    return rows.map((r) => ({ platform: r.platform, chatId: r.chatId, at: r.status === 'sent' ? r.sentAt : null }));
  }

  /** Row counts by status (for /status and tests). */
  async counts(): Promise<Record<OutboxStatus, number>> {
    const rows = await this.db
      .select({ status: outbox.status, n: sql<number>`count(*)::int` })
      .from(outbox)
      .groupBy(outbox.status);
    const out: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
    for (const r of rows) out[r.status] = Number(r.n);
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
    topic: r.topic,
    platform: r.platform,
    chatId: r.chatId,
    payload: r.payload as unknown as OutboxPayload,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt,
    lastError: r.lastError,
    createdAt: r.createdAt,
  };
}
