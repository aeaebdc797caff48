// Two instances on one PostgreSQL database, one bot: only the holder of the poll lock long-polls (Telegram serves one
// getUpdates consumer; a second would be answered 409), every update is answered once, and when the poller dies
// (its database sessions end, so the lock is freed) the other takes over polling and answers what it left.
import { afterEach, describe, expect, it } from 'vitest';
import { TelegramAdapter } from '../../src/bots/telegram/telegram-adapter.ts';
import type { ChatCore } from '../../src/bots/inbound/inbound-pipeline.ts';
import { LeaderLock, TELEGRAM_POLL_LOCK_KEY } from '../../src/engine/autopilot/leader-lock.ts';
import { openDb, type DbHandle } from '../../src/engine/db/database.ts';
import { HandledUpdateStore } from '../../src/engine/notify/handled-update-store.ts';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-server.ts';
import { openTestDb, usingPostgres, type TestDb } from '../support/test-db.ts';

let fake: TelegramFake | undefined;
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => undefined);
  await fake?.close();
  fake = undefined;
});

/** A core that says which instance answered. */
const core = (name: string): ChatCore => ({ handle: async (m) => ({ intent: null, replies: [{ text: `${name}: ${m.text}` }] }) });

function instance(name: string, handle: DbHandle): TelegramAdapter {
  const adapter = new TelegramAdapter({
    token: fake!.token,
    apiRoot: fake!.apiRoot,
    core: core(name),
    journal: new HandledUpdateStore(handle.db),
    commands: [],
    pollLeadership: new LeaderLock(handle, TELEGRAM_POLL_LOCK_KEY),
    leadershipCheckMs: 250,
  });
  cleanup.push(() => adapter.stop());
  return adapter;
}

describe.skipIf(!usingPostgres())('two instances, one Telegram bot', () => {
  it('one polls; when it dies the other takes over, and every update is answered once', async () => {
    fake = await startTelegramFake();
    const first: TestDb = await openTestDb();
    cleanup.push(() => first.close());
    const second = await openDb({ databaseUrl: first.url! });
    cleanup.push(() => second.close());
    const a = instance('A', first);
    const b = instance('B', second);
    await a.start();
    await b.start();
    expect([a.isPolling, b.isPolling]).toEqual([true, false]);

    for (let i = 1; i <= 5; i++) fake.pushMessage(700 + i, `/m${i}`);
    await fake.waitFor(() => [1, 2, 3, 4, 5].every((i) => fake!.sentTo(700 + i).length >= 1), 20_000);
    await new Promise((r) => setTimeout(r, 800)); // B checks its lock a few times meanwhile
    expect([1, 2, 3, 4, 5].map((i) => fake!.sentTo(700 + i).map((s) => s.text))).toEqual([1, 2, 3, 4, 5].map((i) => [`A: /m${i}`]));

    expect(fake.pollConflicts).toBe(0); // never two pollers at once
    // A dies: its polling ends and its database sessions with it (the server frees the lock).
    a.bot.stop('killed');
    await first.postgres!.end({ timeout: 0 });
    await expect.poll(() => b.isPolling, { timeout: 10_000, interval: 100 }).toBe(true);
    for (let i = 6; i <= 8; i++) fake.pushMessage(700 + i, `/m${i}`);
    await fake.waitFor(() => [6, 7, 8].every((i) => fake!.sentTo(700 + i).length >= 1), 20_000);
    expect([6, 7, 8].map((i) => fake!.sentTo(700 + i).map((s) => s.text))).toEqual([6, 7, 8].map((i) => [`B: /m${i}`]));
    expect([1, 2, 3, 4, 5].map((i) => fake!.sentTo(700 + i).length)).toEqual([1, 1, 1, 1, 1]);
    // At most the dead poller's last request, still open at the Bot API when B began, was ended with 409.
    expect(fake.pollConflicts).toBeLessThanOrEqual(1);
  }, 60_000);
});
