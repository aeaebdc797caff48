// Remembers which platform updates (Telegram update ids, Slack event ids) were already taken in, so a redelivered
// update, after a restart or a platform retry, is never answered or acted on twice.
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { handledUpdates } from '../db/schema/index.ts';

export class HandledUpdateStore {
  constructor(private readonly db: Db) {}

  /** Records an update as taken; true the first time, false for a redelivery. Atomic, so two processes agree. */
  async claim(platform: string, updateKey: string): Promise<boolean> {
    const rows = await this.db
      .insert(handledUpdates)
      .values({ platform, updateKey })
      .onConflictDoNothing()
      .returning({ key: handledUpdates.updateKey });
    return rows.length > 0;
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
