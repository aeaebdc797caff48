// Pending confirmations of action intents (orders, halts, autopilot switches, pulls): stored with an expiry, and taken
// at most once (a delete ... returning), so a second "yes" or a replayed button press runs nothing.
import { randomBytes } from 'node:crypto';
import { and, desc, eq, gt, lte } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { pendingConfirmations } from '../db/schema/index.ts';

/** How long a confirmation may wait. */
export const CONFIRMATION_TTL_MS = 5 * 60_000;

/** What the conversation core runs when a confirmation is taken (its understood intent), stored as JSON. */
export interface StoredAction {
  name: string;
  args: Record<string, unknown>;
}

export interface PendingAction<Action extends StoredAction = StoredAction> {
  id: string;
  platform: string;
  chatId: string;
  userId: string;
  intent: Action;
  summary: string;
}

export class ConfirmationStore<Action extends StoredAction> {
  constructor(private readonly db: Db) {}

  async create(p: Omit<PendingAction<Action>, 'id'>, now: number): Promise<PendingAction<Action>> {
    const id = randomBytes(6).toString('hex');
    // Old ones of the chat are dropped: only the latest request can be confirmed by a plain "yes".
    await this.db.delete(pendingConfirmations).where(lte(pendingConfirmations.expiresAt, new Date(now)));
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

  /** Takes (deletes and returns) one unexpired confirmation of this chat by id; null when gone, expired or foreign. */
  async take(id: string, platform: string, chatId: string, now: number): Promise<PendingAction<Action> | null> {
    const rows = await this.db
      .delete(pendingConfirmations)
      .where(
        and(
          eq(pendingConfirmations.id, id),
          eq(pendingConfirmations.platform, platform),
          eq(pendingConfirmations.chatId, chatId),
          gt(pendingConfirmations.expiresAt, new Date(now)),
        ),
      )
      .returning();
    return rows[0] ? toPending<Action>(rows[0]) : null;
  }

  /** The newest unexpired confirmation waiting in this chat, not taken. */
  async latest(platform: string, chatId: string, now: number): Promise<PendingAction<Action> | null> {
    const [row] = await this.db
      .select()
      .from(pendingConfirmations)
      .where(
        and(eq(pendingConfirmations.platform, platform), eq(pendingConfirmations.chatId, chatId), gt(pendingConfirmations.expiresAt, new Date(now))),
      )
      .orderBy(desc(pendingConfirmations.createdAt))
      .limit(1);
    return row ? toPending<Action>(row) : null;
  }
}

function toPending<Action extends StoredAction>(row: typeof pendingConfirmations.$inferSelect): PendingAction<Action> {
  // The row was written by create() from an Action.
  return { id: row.id, platform: row.platform, chatId: row.chatId, userId: row.userId, intent: row.intent as Action, summary: row.summary };
}
