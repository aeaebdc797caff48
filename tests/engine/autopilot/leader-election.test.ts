// Only one instance trades: two autopilots against one PostgreSQL database elect one leader through an advisory
// lock; the follower places nothing and takes over when the leader's session dies. With PGlite there is one process
// per database, so the single instance always leads.
import { describe, expect, it } from 'vitest';
import { AutopilotService } from '../../../src/engine/autopilot/autopilot-service.ts';
import { AUTOPILOT_LOCK_KEY, LeaderLock } from '../../../src/engine/autopilot/leader-lock.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { BarStore } from '../../../src/engine/data/bar-store.ts';
import { openDb, type DbHandle } from '../../../src/engine/db/database.ts';
import { MemoryNotifier } from '../../../src/engine/notify/notifier.ts';
import { SettingsStore } from '../../../src/engine/settings-store.ts';
import { createTraderService } from '../../../src/engine/trader/create-trader-service.ts';
import { loadSpx } from '../../fixtures/spx.ts';
import { openFreshMemoryDb, openTestDb, usingPostgres } from '../../support/test-db.ts';

async function instance(handle: DbHandle, clock: ManualClock) {
  const bars = new BarStore(handle.db);
  const notifier = new MemoryNotifier();
  const trader = await createTraderService({ db: handle.db, bars, clock, notifier });
  const autopilot = new AutopilotService({
    db: handle,
    bars,
    settings: new SettingsStore(handle.db),
    trader,
    notifier,
    clock,
    reportTime: { timeZone: 'America/New_York', time: '17:00' },
  });
  return { autopilot, trader };
}

describe('leader election', () => {
  it('with PGlite the single process always leads', async () => {
    const handle = await openFreshMemoryDb();
    try {
      const lock = new LeaderLock(handle);
      expect(await lock.ensure()).toBe(true);
      expect(lock.isLeader()).toBe(true);
      await lock.release();
    } finally {
      await handle.close();
    }
  });

  it('two instances against one PostgreSQL database never both trade', async () => {
    // Only meaningful against a real server (the CI's PostgreSQL pass); PGlite is covered above.
    if (!usingPostgres()) return;
    const test = await openTestDb();
    const other = await openDb({ databaseUrl: test.url! });
    const clock = new ManualClock(Date.parse('2020-04-17T19:00:00Z'));
    try {
      const spx = loadSpx();
      const rows = [];
      for (let i = spx.length - 400; i < spx.length; i++) {
        rows.push({ time: spx.time[i]!, open: spx.open[i]!, high: spx.high[i]!, low: spx.low[i]!, close: spx.close[i]!, volume: spx.volume[i]! });
      }
      await new BarStore(test.db).upsertBars('SPX', '1d', 'csv', rows);
      const a = await instance(other, clock);
      const b = await instance(test, clock);
      await a.autopilot.setEnabled(true);
      clock.set(Date.parse('2020-04-17T20:31:00Z'));
      await Promise.all([a.autopilot.tick(), b.autopilot.tick()]);
      const leaders = [(await a.autopilot.status()).leader, (await b.autopilot.status()).leader];
      expect(leaders.filter(Boolean)).toHaveLength(1);
      const decided = await b.autopilot.why('SPX');
      expect(decided?.date).toBe('2020-04-17');
      const orders = await b.trader.listOrders('all');
      expect(orders).toHaveLength(decided!.target !== 0 ? 1 : 0);
      expect(new Set(orders.map((o) => o.clientOrderId)).size).toBe(orders.length);

      // The leader's session dies (killed on the server): the follower takes the lock at its next try.
      const [leader, follower] = leaders[0] ? [a, b] : [b, a];
      // Advisory locks are per database, pg_locks is per server: other test files' databases may hold the same key.
      const killed = await test.postgres!`select pg_terminate_backend(pid) as ok from pg_locks where locktype = 'advisory' and objid = ${AUTOPILOT_LOCK_KEY}
        and database = (select oid from pg_database where datname = current_database())`;
      expect(killed.map((r) => r.ok)).toEqual([true]);
      // The server ends the session asynchronously: the follower's retries take the lock once it is gone, and the
      // old leader (its session dead, as after a crash) then finds itself a follower.
      for (let i = 0; i < 100 && !(await follower.autopilot.status()).leader; i++) await new Promise((r) => setTimeout(r, 50));
      expect((await follower.autopilot.status()).leader).toBe(true);
      expect((await leader.autopilot.status()).leader).toBe(false);
      await follower.autopilot.stop();
    } finally {
      await other.close().catch(() => undefined);
      await test.close().catch(() => undefined);
    }
  });
});
