// Updates left unanswered are taken over only from a process that is gone: with several instances on one PostgreSQL
// database, one starting (or checking) never answers an update a live instance is still answering, and an orphan is
// taken by exactly one of them. With PGlite, a process alone on its database takes whatever its predecessor left.
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type DbHandle } from '../../../src/engine/db/database.ts';
import { InstancePresence } from '../../../src/engine/db/instance-presence.ts';
import { HandledUpdateStore } from '../../../src/engine/notify/handled-update-store.ts';
import { openTestDb, usingPostgres } from '../../support/test-db.ts';

const entry = (chatId: string) => ({ chatId, message: { platform: 'slack', chatId, userId: 'U1', text: '/ml status' }, target: { where: chatId } });
const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const h of opened.splice(0).reverse()) await h.close().catch(() => undefined);
});

describe('claiming unanswered updates', () => {
  it('alone on the database, a new process takes what the previous one left, once', async () => {
    const db = await openTestDb();
    opened.push(db);
    const before = new HandledUpdateStore(db.db, InstancePresence.alone());
    expect(await before.record('slack', 'E1', entry('C1'))).toBe(true);
    expect(await before.claimUnanswered('slack')).toEqual([]); // its own: it is answering it

    const after = new HandledUpdateStore(db.db, InstancePresence.alone());
    const taken = await after.claimUnanswered('slack');
    expect(taken.map((u) => u.updateKey)).toEqual(['E1']);
    expect(taken[0]!.chatId).toBe('C1');
    expect(await after.claimUnanswered('slack')).toEqual([]);
    await after.finish('slack', 'E1', new Date());
    expect(await after.unanswered('slack')).toEqual([]);
  });

  it.skipIf(!usingPostgres())('on a shared PostgreSQL database, only from an instance that is gone, and by one instance', async () => {
    const test = await openTestDb();
    opened.push(test);
    const connect = async (): Promise<{ handle: DbHandle; store: HandledUpdateStore; presence: InstancePresence }> => {
      const handle = await openDb({ databaseUrl: test.url! });
      opened.push(handle);
      const presence = await InstancePresence.announce(handle);
      expect(presence.shared).toBe(true);
      return { handle, store: new HandledUpdateStore(handle.db, presence), presence };
    };
    const a = await connect();
    const b = await connect();
    const c = await connect();
    expect(new Set([a.presence.id, b.presence.id, c.presence.id]).size).toBe(3);

    await a.store.record('slack', 'E1', entry('C1'));
    await a.store.record('slack', 'E2', entry('C2'));
    // A is alive and answering them: B starting (or checking) takes nothing.
    expect(await b.store.claimUnanswered('slack')).toEqual([]);
    expect(await c.store.claimUnanswered('slack')).toEqual([]);

    // A dies (its database session ends, as on a crash): B and C check at the same moment; each update goes to one.
    await a.handle.close();
    const [byB, byC] = await Promise.all([b.store.claimUnanswered('slack'), c.store.claimUnanswered('slack')]);
    const keys = [...byB, ...byC].map((u) => u.updateKey).sort();
    expect(keys).toEqual(['E1', 'E2']);
    // Now they belong to a live instance: nobody takes them again.
    expect(await b.store.claimUnanswered('slack')).toEqual([]);
    expect(await c.store.claimUnanswered('slack')).toEqual([]);

    // A clean stop withdraws the presence too: what that instance left is taken over.
    await b.store.record('slack', 'E3', entry('C3'));
    await b.presence.withdraw();
    const left = [...byB.map((u) => u.updateKey), 'E3'].sort();
    expect((await c.store.claimUnanswered('slack')).map((u) => u.updateKey).sort()).toEqual(left);
  });
});
