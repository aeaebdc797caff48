// The journal of platform updates (Telegram update ids, Slack event and trigger ids): an update is recorded with its
// message before the platform is told it arrived, and marked answered once its replies are out. So a redelivered
// update (a restart, a platform retry) is never answered or acted on twice, and one a crash left half done is answered
// after the restart. Each update is owned by the process answering it: with several processes on one database, one
// takes over an update only when its owner is gone, never one a live process is still answering.
import { and, asc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { InstancePresence } from '../db/instance-presence.ts';
import { handledUpdates } from '../db/schema/index.ts';

/** What is kept of an update until it is answered: the chat, the message as the core takes it, where to answer. */
export interface JournalEntry {
  chatId: string;
  message: Record<string, unknown>;
  target: unknown;
}

export interface UnansweredUpdate extends JournalEntry {
  updateKey: string;
  receivedAt: Date;
  /** Parts of its answer already delivered before it was cut short. */
  repliesSent: number;
}

export class HandledUpdateStore {
  constructor(
    private readonly db: Db,
    /** This process on the database (default: alone on it). */
    private readonly presence: Pick<InstancePresence, 'id' | 'notLive'> = InstancePresence.alone(),
  ) {}

  /** Records an update as received; true the first time, false for a redelivery. Atomic, so two processes agree. */
  async record(platform: string, updateKey: string, entry: JournalEntry): Promise<boolean> {
    const rows = await this.db
      .insert(handledUpdates)
      .values({ platform, updateKey, chatId: entry.chatId, message: entry.message, target: entry.target, owner: this.presence.id })
      .onConflictDoNothing()
      .returning({ key: handledUpdates.updateKey });
    return rows.length > 0;
  }

  /** Notes that the first `count` parts of an update's answer are delivered (only multi-part answers need it). */
  async noteRepliesSent(platform: string, updateKey: string, count: number): Promise<void> {
    await this.db
      .update(handledUpdates)
      .set({ repliesSent: count })
      .where(and(eq(handledUpdates.platform, platform), eq(handledUpdates.updateKey, updateKey)));
  }

  /** Marks an update answered; its message is dropped (only the key is needed to recognise a redelivery). */
  async finish(platform: string, updateKey: string, at: Date): Promise<void> {
    await this.db
      .update(handledUpdates)
      .set({ answeredAt: at, message: null, target: null })
      .where(and(eq(handledUpdates.platform, platform), eq(handledUpdates.updateKey, updateKey)));
  }

  /**
   * Takes over the platform's updates received but not answered by a process that is gone (a crash or a stop cut
   * them short), oldest first: they become this process's, so no other process answers them too.
   */
  async claimUnanswered(platform: string): Promise<UnansweredUpdate[]> {
    const rows = await this.db
      .update(handledUpdates)
      .set({ owner: this.presence.id })
      .where(and(eq(handledUpdates.platform, platform), isNull(handledUpdates.answeredAt), isNotNull(handledUpdates.message), this.presence.notLive(sql`${handledUpdates.owner}`)))
      .returning();
    return rows
      .sort((a, b) => a.handledAt.getTime() - b.handledAt.getTime())
      .map((r) => ({
        updateKey: r.updateKey,
        chatId: r.chatId ?? '',
        message: r.message ?? {},
        target: r.target,
        receivedAt: r.handledAt,
        repliesSent: r.repliesSent,
      }));
  }

  /** The platform's updates not answered yet, whoever answers them (for inspection; a process claims with the above). */
  async unanswered(platform: string): Promise<UnansweredUpdate[]> {
    const rows = await this.db
      .select()
      .from(handledUpdates)
      .where(and(eq(handledUpdates.platform, platform), isNull(handledUpdates.answeredAt), isNotNull(handledUpdates.message)))
      .orderBy(asc(handledUpdates.handledAt));
    return rows.map((r) => ({ updateKey: r.updateKey, chatId: r.chatId ?? '', message: r.message ?? {}, target: r.target, receivedAt: r.handledAt, repliesSent: r.repliesSent }));
  }

  async has(platform: string, updateKey: string): Promise<boolean> {
    const rows = await this.db
      .select({ key: handledUpdates.updateKey })
      .from(handledUpdates)
      .where(and(eq(handledUpdates.platform, platform), eq(handledUpdates.updateKey, updateKey)));
    return rows.length > 0;
  }

  /** Forgets updates older than the platforms keep them (Telegram: 24 hours), so the table stays small. */
  async prune(olderThan: Date): Promise<number> {
    const rows = await this.db
      .delete(handledUpdates)
      .where(lt(handledUpdates.handledAt, olderThan))
      .returning({ key: handledUpdates.updateKey });
    return rows.length;
  }
}
