// Which mlTrainer processes are alive on one database, so one can take over what a dead one left half done (an update
// it received but never answered) without taking what a live one is still working on. On PostgreSQL each process
// holds a session advisory lock under its own id, on a reserved connection: the server frees it when that session
// ends, even on a crash, so the granted locks are the live processes. With PGlite one process owns the database, so
// every other owner is a past process.
import { randomInt } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { DbHandle } from './database.ts';

/** The advisory lock class of presence locks (the migrations use 7270011, the leaders 7270012-13). */
export const PRESENCE_LOCK_CLASS = 7270014;

type Reserved = Awaited<ReturnType<NonNullable<DbHandle['postgres']>['reserve']>>;

export class InstancePresence {
  private reserved: Reserved | null = null;

  private constructor(
    /** Other processes may share the database (PostgreSQL): their liveness is read from the presence locks. */
    readonly shared: boolean,
    /** This process's id: what it writes as the owner of the work it takes. */
    readonly id: string,
  ) {}

  /** A process alone on its database (PGlite, or a test's store): every owner but itself is a past process. */
  static alone(): InstancePresence {
    return new InstancePresence(false, String(randomInt(1, 2 ** 31 - 1)));
  }

  /** Announces this process: on PostgreSQL takes a presence lock under a fresh random id (retrying a taken one). */
  static async announce(handle: DbHandle): Promise<InstancePresence> {
    const client = handle.postgres;
    if (handle.driver !== 'postgres' || !client) return InstancePresence.alone();
    const conn = await client.reserve();
    for (;;) {
      const key = randomInt(1, 2 ** 31 - 1);
      const [row] = await conn`select pg_try_advisory_lock(${PRESENCE_LOCK_CLASS}::int, ${key}::int) as ok`;
      if (row?.ok === true) {
        const presence = new InstancePresence(true, String(key));
        presence.reserved = conn;
        return presence;
      }
    }
  }

  /** A SQL condition: `owner` names no live process (never this one). */
  notLive(owner: SQL | unknown): SQL {
    if (!this.shared) return sql`(${owner} is null or ${owner} <> ${this.id})`;
    // One statement: the live set is read when the claim runs, so an owner claiming at the same time is seen alive.
    // pg_locks lists the whole server's locks; advisory locks belong to one database.
    return sql`(${owner} is null or ${owner} not in (select objid::text from pg_locks
      where locktype = 'advisory' and classid = ${PRESENCE_LOCK_CLASS} and objsubid = 2 and granted
        and database = (select oid from pg_database where datname = current_database())))`;
  }

  async withdraw(): Promise<void> {
    const conn = this.reserved;
    this.reserved = null;
    if (!conn) return;
    await conn`select pg_advisory_unlock(${PRESENCE_LOCK_CLASS}::int, ${Number(this.id)}::int)`.catch(() => undefined);
    conn.release();
  }
}
