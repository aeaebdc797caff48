// The leaderboard as it stood at each weekly summary (one row per model and rank), and the newest snapshot before a
// date, so a summary can say how the board moved since the previous one.
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { leaderboardSnapshots } from '../db/schema/index.ts';
import type { RankedModel } from './leaderboard-movement.ts';

export interface SnapshotKey {
  symbol: string;
  timeframe: string;
  metric: string;
}

export class LeaderboardSnapshotStore {
  constructor(private readonly db: Db) {}

  /** Replaces the snapshot of `date` (a summary rebuilt on the same day stores the board once). */
  async save(key: SnapshotKey, date: string, rows: readonly RankedModel[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.delete(leaderboardSnapshots).where(and(this.where(key), eq(leaderboardSnapshots.date, date)));
      if (rows.length === 0) return;
      await tx.insert(leaderboardSnapshots).values(rows.map((r) => ({ ...key, date, modelId: r.modelId, rank: r.rank, value: r.value })));
    });
  }

  /** The newest snapshot strictly before `date`, best rank first; null when there is none. */
  async before(key: SnapshotKey, date: string): Promise<{ date: string; rows: RankedModel[] } | null> {
    const [latest] = await this.db
      .select({ date: leaderboardSnapshots.date })
      .from(leaderboardSnapshots)
      .where(and(this.where(key), lt(leaderboardSnapshots.date, date)))
      .orderBy(desc(leaderboardSnapshots.date))
      .limit(1);
    if (!latest) return null;
    const rows = await this.db
      .select({ modelId: leaderboardSnapshots.modelId, rank: leaderboardSnapshots.rank, value: leaderboardSnapshots.value })
      .from(leaderboardSnapshots)
      .where(and(this.where(key), eq(leaderboardSnapshots.date, latest.date)))
      .orderBy(leaderboardSnapshots.rank);
    return { date: latest.date, rows };
  }

  private where(key: SnapshotKey) {
    return and(eq(leaderboardSnapshots.symbol, key.symbol), eq(leaderboardSnapshots.timeframe, key.timeframe), eq(leaderboardSnapshots.metric, key.metric));
  }
}
