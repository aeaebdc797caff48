// Two `mltrainer start` processes on one PostgreSQL database and one Redis, one Telegram bot: one getUpdates consumer
// at a time, every update answered once, an alert to 100 chats delivered once each within Telegram's limits as the
// loopback Bot API measures them (no second over 30 sends), and after the polling instance is killed the other
// answers within 30 s. Runs in CI's Redis pass (REDIS_URL and DATABASE_URL); skipped elsewhere.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/engine/db/database.ts';
import { OutboxStore } from '../../src/engine/notify/outbox-store.ts';
import { SubscriptionStore } from '../../src/engine/notify/subscription-store.ts';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-server.ts';
import { startCli, type RunningCli } from '../support/run-cli.ts';
import { seededHome } from '../support/seeded-home.ts';
import { createScratchDatabase, usingPostgres } from '../support/test-db.ts';
import { testRedisUrl } from '../support/test-redis.ts';
import { until } from '../support/until.ts';
import { busiestSecond } from '../support/busiest-second.ts';

let tg: TelegramFake;
const cleanups: (() => Promise<unknown> | void)[] = [];
beforeAll(async () => {
  tg = await startTelegramFake();
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await tg?.close();
});



describe.skipIf(!testRedisUrl || !usingPostgres())('two start instances, one bot', () => {
  it('poll one at a time, answer once, fan out within the limits, and take over when the poller dies', async () => {
    const scratch = await createScratchDatabase();
    cleanups.push(() => scratch.drop());
    const start = async (name: string): Promise<RunningCli> => {
      const home = await seededHome(`mlt-two-${name}-`);
      const running = startCli(['start', '--no-console'], {
        env: { MLTRAINER_HOME: home, DATABASE_URL: scratch.url, REDIS_URL: testRedisUrl, PORT: '0', TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot },
      });
      cleanups.push(() => void running.child.kill('SIGKILL'), () => fs.rmSync(home, { recursive: true, force: true }));
      return running;
    };
    const calls = (method: string) => tg.calls.filter((c) => c.method === method).length;

    const a = await start('a');
    await until('the first instance polls', () => calls('getUpdates') > 0, 90_000);
    await start('b');
    await until('the second instance starts', () => calls('setMyCommands') >= 2, 90_000);
    await new Promise((r) => setTimeout(r, 2_000));

    for (let c = 0; c < 10; c++) tg.pushMessage(8001 + c, '/status');
    await until('10 answers', () => Array.from({ length: 10 }, (_, c) => tg.sentTo(8001 + c).length).every((n) => n >= 1));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(Array.from({ length: 10 }, (_, c) => tg.sentTo(8001 + c).length)).toEqual(Array(10).fill(1));
    expect(tg.pollConflicts).toBe(0);

    // An alert for 100 subscribed chats, queued in the shared outbox: both instances deliver, within one bot's limits.
    const db = await openDb({ databaseUrl: scratch.url });
    cleanups.push(() => db.close());
    const chats = Array.from({ length: 100 }, (_, c) => ({ platform: 'telegram' as const, chatId: String(9001 + c) }));
    const subscriptions = new SubscriptionStore(db.db);
    for (const chat of chats) await subscriptions.subscribe(chat, 'alerts');
    await new OutboxStore(db.db).enqueue('alerts', { eventKey: 'test:fan-out', text: 'Fan-out test alert' }, chats, new Date());
    await until('100 alerts', () => chats.every((c) => tg.sentTo(Number(c.chatId)).length >= 1), 90_000);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(chats.map((c) => tg.sentTo(Number(c.chatId)).length)).toEqual(Array(100).fill(1));
    expect(busiestSecond(chats.map((c) => tg.sentTo(Number(c.chatId))[0]!.at))).toBeLessThanOrEqual(30);

    // The first instance (the poller) dies: the second takes over polling and answers within 30 s.
    a.child.kill('SIGKILL');
    await a.exited;
    const killedAt = Date.now();
    tg.pushMessage(8100, '/status');
    await until('the answer after the kill', () => tg.sentTo(8100).length >= 1, 45_000);
    expect(tg.sentTo(8100)[0]!.at - killedAt).toBeLessThan(30_000);
    expect(tg.sentTo(8100)).toHaveLength(1);
    // At most the dead poller's last request, still open at the Bot API, was ended by the new poller's.
    expect(tg.pollConflicts).toBeLessThanOrEqual(1);
  }, 240_000);
});
