// Only one instance trades (and only one long-polls Telegram, with its own key): on PostgreSQL the leader holds a session advisory lock on a reserved connection (freed by
// the server when that session ends, even on a crash), and a follower keeps trying; with PGlite there is one
// process per database (the home folder is locked), so it always leads.
import type { DbHandle } from '../db/database.ts';

/** The autopilot's advisory lock key (the migrations use 7270011). */
export const AUTOPILOT_LOCK_KEY = 7270012;
/** The Telegram long poller's: one instance polls, the others wait to take over. */
export const TELEGRAM_POLL_LOCK_KEY = 7270013;

type Reserved = Awaited<ReturnType<NonNullable<DbHandle['postgres']>['reserve']>>;

export class LeaderLock {
  private reserved: Reserved | null = null;
  /** Server process id of the reserved session holding the lock. */
  private pid: number | null = null;

  constructor(
    private readonly handle: DbHandle,
    private readonly key = AUTOPILOT_LOCK_KEY,
  ) {}

  /** True when this instance leads after the call: keeps the lock, checks it is still alive, or tries to take it. */
  async ensure(): Promise<boolean> {
    const client = this.handle.postgres;
    if (this.handle.driver !== 'postgres' || !client) return true;
    if (this.reserved) {
      // Asked through the pool, not the reserved session: a dead session's socket must not be written to.
      try {
        const [held] = await client`select count(*)::int as n from pg_locks
          where locktype = 'advisory' and objid = ${this.key} and pid = ${this.pid} and granted`;
        if (held?.n === 1) return true;
      } catch {
        return false;
      }
      // The session died (killed, server restart, network): the lock went with it. The dead connection is not
      // released back to the pool (postgres.js would hand its closed socket to the next query).
      this.reserved = null;
      this.pid = null;
    }
    let conn: Reserved | null = null;
    try {
      conn = await client.reserve();
      const [row] = await conn`select pg_try_advisory_lock(${this.key}) as ok, pg_backend_pid() as pid`;
      if (row?.ok === true) {
        this.reserved = conn;
        this.pid = Number(row.pid);
        return true;
      }
      conn.release();
      return false;
    } catch {
      conn?.release();
      return false;
    }
  }

  isLeader(): boolean {
    return this.handle.driver !== 'postgres' || this.reserved !== null;
  }

  async release(): Promise<void> {
    const conn = this.reserved;
    this.reserved = null;
    this.pid = null;
    if (!conn) return;
    await conn`select pg_advisory_unlock(${this.key})`.catch(() => undefined);
    conn.release();
  }
}
