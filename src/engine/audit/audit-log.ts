// The audit log: one row per action asked for, confirmed, cancelled, refused or failed, and per autopilot order.
// Only appended to and read; the database refuses updates and deletes of its rows.
import { desc } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { auditLog, type AUDIT_OUTCOMES } from '../db/schema/index.ts';

export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditEntry {
  at: Date;
  who: string;
  platform: string;
  chatId: string | null;
  intent: string;
  args: Record<string, unknown>;
  outcome: AuditOutcome;
  reason: string | null;
  orderIds: string[];
}

export class AuditLog {
  constructor(private readonly db: Db) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.db.insert(auditLog).values(entry);
  }

  /** The newest `n` entries, newest first. */
  async recent(n: number): Promise<(AuditEntry & { id: number })[]> {
    return this.db.select().from(auditLog).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(n);
  }
}
