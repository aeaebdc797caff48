// Pending confirmations of action intents (orders, halts, autopilot switches, pulls): stored with the user who asked
// and an expiry, and taken at most once by that user (an update ... returning), so a second "yes", a replayed button
// press or someone else's press runs nothing. A taken one is kept for a day: a message that answered it and was cut
// short by a crash finds it again after the restart (`takenEarlier`), and its action is looked up, not repeated.
import { randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNotNull, isNull, lte } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { pendingConfirmations } from '../db/schema/index.ts';

/** How long a confirmation may wait; the request says so. */
export const CONFIRMATION_TTL_MS = 5 * 60_000;

/** The waiting time in words, for the confirmation request and the expiry answer ("5 minutes"). */
export const CONFIRMATION_TTL_WORDS = `${CONFIRMATION_TTL_MS / 60_000} minutes`;

/** What the conversation core runs when a confirmation is taken (its understood intent), stored as JSON. */
export interface StoredAction {
  name: string;
  args: Record<string, unknown>;
}

export interface PendingAction<Action extends StoredAction = StoredAction> {
  id: string;
  platform: string;
  chatId: string;
  /** The user who asked: the only one who may confirm or cancel it. */
  userId: string;
  intent: Action;
  summary: string;
}

export interface StoredPending<Action extends StoredAction = StoredAction> extends PendingAction<Action> {
  /** When it stops being usable (ms since the epoch). */
  expiresAt: number;
}

export class ConfirmationStore<Action extends StoredAction> {
  constructor(private readonly db: Db) {}

  async create(p: Omit<PendingAction<Action>, 'id'>, now: number): Promise<PendingAction<Action>> {
    const id = randomBytes(6).toString('hex');
    // Confirmations expired for longer than a day are dropped; fresher ones are kept so a late press is told it expired.
    await this.db.delete(pendingConfirmations).where(lte(pendingConfirmations.expiresAt, new Date(now - 86_400_000)));
    await this.db.insert(pendingConfirmations).values({
      id,
      platform: p.platform,
      chatId: p.chatId,
      userId: p.userId,
      intent: p.intent,
      summary: p.summary,
      expiresAt: new Date(now + CONFIRMATION_TTL_MS),
      createdAt: new Date(now),
    });
    return { id, ...p };
  }

  /** One confirmation of this chat by id, expired or not, without taking it; null when gone, taken or foreign. */
  async find(id: string, platform: string, chatId: string): Promise<StoredPending<Action> | null> {
    const [row] = await this.db
      .select()
      .from(pendingConfirmations)
      .where(
        and(
          eq(pendingConfirmations.id, id),
          eq(pendingConfirmations.platform, platform),
          eq(pendingConfirmations.chatId, chatId),
          isNull(pendingConfirmations.takenAt),
        ),
      )
      .limit(1);
    return row ? toPending<Action>(row) : null;
  }

  /**
   * A confirmation `userId` already took in this chat (by id, or their newest when `id` is null): for a message
   * answered again after a crash, whose first handling took it and may have run its action.
   */
  async takenEarlier(id: string | null, platform: string, chatId: string, userId: string): Promise<PendingAction<Action> | null> {
    const [row] = await this.db
      .select()
      .from(pendingConfirmations)
      .where(
        and(
          id === null ? undefined : eq(pendingConfirmations.id, id),
          eq(pendingConfirmations.platform, platform),
          eq(pendingConfirmations.chatId, chatId),
          eq(pendingConfirmations.userId, userId),
          isNotNull(pendingConfirmations.takenAt),
        ),
      )
      .orderBy(desc(pendingConfirmations.takenAt))
      .limit(1);
    return row ? toPending<Action>(row) : null;
  }

  /**
   * Takes (marks taken and returns) one unexpired confirmation of this chat by id, asked by `userId`; null when gone,
   * taken, expired, foreign or someone else's (then it stays for its owner).
   */
  async take(id: string, platform: string, chatId: string, userId: string, now: number): Promise<PendingAction<Action> | null> {
    const rows = await this.db
      .update(pendingConfirmations)
      .set({ takenAt: new Date(now) })
      .where(
        and(
          eq(pendingConfirmations.id, id),
          eq(pendingConfirmations.platform, platform),
          eq(pendingConfirmations.chatId, chatId),
          eq(pendingConfirmations.userId, userId),
          gt(pendingConfirmations.expiresAt, new Date(now)),
          isNull(pendingConfirmations.takenAt),
        ),
      )
      .returning();
    return rows[0] ? toPending<Action>(rows[0]) : null;
  }

  /** Drops one confirmation (an expired one that was answered). */
  async drop(id: string): Promise<void> {
    await this.db.delete(pendingConfirmations).where(eq(pendingConfirmations.id, id));
  }

  /**
   * What a plain "yes" or "no" from `userId` answers in this chat: the newest confirmation that user asked for, else
   * the newest of anyone (so someone else's is refused by name); expired ones included, so lateness is said.
   */
  async latest(platform: string, chatId: string, userId: string): Promise<StoredPending<Action> | null> {
    const inChat = and(eq(pendingConfirmations.platform, platform), eq(pendingConfirmations.chatId, chatId), isNull(pendingConfirmations.takenAt));
    const newest = (where: ReturnType<typeof and>) =>
      this.db.select().from(pendingConfirmations).where(where).orderBy(desc(pendingConfirmations.createdAt)).limit(1);
    const [own] = await newest(and(inChat, eq(pendingConfirmations.userId, userId)));
    if (own) return toPending<Action>(own);
    const [any] = await newest(inChat);
    return any ? toPending<Action>(any) : null;
  }
}

function toPending<Action extends StoredAction>(row: typeof pendingConfirmations.$inferSelect): StoredPending<Action> {
  // The row was written by create() from an Action.
  return {
    id: row.id,
    platform: row.platform,
    chatId: row.chatId,
    userId: row.userId,
    intent: row.intent as Action,
    summary: row.summary,
    expiresAt: row.expiresAt.getTime(),
  };
}
