// The anomalies raised so far: a key is stored once (the first raise wins, across restarts), and the recent ones are
// listed for the dashboard.
import { desc, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { anomalies } from '../db/schema/index.ts';
import type { Anomaly, AnomalyRule } from './anomaly.ts';

export interface StoredAnomaly extends Anomaly {
  raisedAt: Date;
}

export class AnomalyStore {
  constructor(private readonly db: Db) {}

  /** Stores the anomaly; false when its key was raised before. */
  async add(a: Anomaly, at: number): Promise<boolean> {
    const rows = await this.db
      .insert(anomalies)
      .values({ rule: a.rule, anomalyKey: a.key, text: a.text, raisedAt: new Date(at) })
      .onConflictDoNothing({ target: anomalies.anomalyKey })
      .returning({ id: anomalies.id });
    return rows.length > 0;
  }

  async recent(limit = 20): Promise<StoredAnomaly[]> {
    const rows = await this.db.select().from(anomalies).orderBy(desc(anomalies.raisedAt), desc(anomalies.id)).limit(limit);
    return rows.map((r) => ({ rule: r.rule as AnomalyRule, key: r.anomalyKey, text: r.text, raisedAt: r.raisedAt }));
  }

  async count(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(anomalies);
    return Number(row?.n ?? 0);
  }
}
