// Two `mltrainer start` processes on one PostgreSQL database and one Redis, trading through Alpaca (loopback fakes of
// its trading and market-data APIs) and polling one Telegram bot. The first holds both leaderships; it is killed with
// SIGKILL while its autopilot's order is in flight (Alpaca created it but the answer never came). The other takes
// over polling and trading within 30 s, finishes the session, and sends no order twice. Runs in CI's Redis pass
// (REDIS_URL and DATABASE_URL); skipped elsewhere.
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCompletedSession } from '../../src/calendar/nyse-sessions.ts';
import { openDb } from '../../src/engine/db/database.ts';
import { autopilotRuns, heartbeats, traderOrders } from '../../src/engine/db/schema/index.ts';
import { SettingsStore } from '../../src/engine/settings-store.ts';
import { startAlpacaDataFake, type AlpacaDataFake } from '../fakes/alpaca-data-server.ts';
import { FakeAlpacaTradingServer } from '../fakes/alpaca-trading-server.ts';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-server.ts';
import { startCli, type RunningCli } from '../support/run-cli.ts';
import { seededHome } from '../support/seeded-home.ts';
import { createScratchDatabase, usingPostgres } from '../support/test-db.ts';
import { testRedisUrl } from '../support/test-redis.ts';
import { until } from '../support/until.ts';

const KEY = 'PKTWOINSTANCES000001';
const SECRET = 'two-instances-secret-abcdefghijk';
/** The autopilot's default margin after the close (autopilot-config.ts). */
const CLOSE_MARGIN_MS = 30 * 60_000;

let tg: TelegramFake;
let data: AlpacaDataFake;
let alpaca: FakeAlpacaTradingServer;
const cleanups: (() => Promise<unknown> | void)[] = [];
beforeAll(async () => {
  tg = await startTelegramFake();
  data = await startAlpacaDataFake({ keyId: KEY, secretKey: SECRET });
  alpaca = new FakeAlpacaTradingServer({ keyId: KEY, secretKey: SECRET, cash: 20_000 });
  await alpaca.start();
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await tg?.close();
  await data?.close();
  await alpaca?.close();
});


describe.skipIf(!testRedisUrl || !usingPostgres())('two start instances trading, the leader killed mid-order', () => {
  it('the other takes over polling and trading within 30 s and sends no order twice', async () => {
    const scratch = await createScratchDatabase();
    cleanups.push(() => scratch.drop());
    const start = async (name: string): Promise<RunningCli> => {
      const home = await seededHome(`mlt-two-trade-${name}-`);
      const running = startCli(['start', '--no-console'], {
        env: {
          MLTRAINER_HOME: home,
          DATABASE_URL: scratch.url,
          REDIS_URL: testRedisUrl,
          PORT: '0',
          TELEGRAM_BOT_TOKEN: tg.token,
          TELEGRAM_API_ROOT: tg.apiRoot,
          APCA_API_KEY_ID: KEY,
          APCA_API_SECRET_KEY: SECRET,
          APCA_API_BASE_URL: alpaca.url,
          APCA_API_DATA_URL: data.url,
          MLTRAINER_BACKUP_KEEP: '0',
        },
      });
      cleanups.push(() => void running.child.kill('SIGKILL'), () => fs.rmSync(home, { recursive: true, force: true }));
      return running;
    };
    const calls = (method: string) => tg.calls.filter((c) => c.method === method).length;
    const orderPosts = () => alpaca.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v2/orders')).length;

    // The account holds SPY worth 80% of its equity: whatever the autopilot decides (at most the 25% per-symbol
    // limit), it must sell, so an order is certain. Its fills are at the session's close as the data fake serves it.
    const session = lastCompletedSession(Date.now(), CLOSE_MARGIN_MS);
    const close = data.bars('SPY', session, session)[0]!.c;
    alpaca.prices.SPY = Number(close);
    alpaca.holdPosition('SPY', 80_000 / Number(close), Number(close));

    // A takes both locks (its autopilot's first tick, a second after its start, writes the scheduler's heartbeat), then
    // B starts and waits as a follower.
    const db = await openDb({ databaseUrl: scratch.url });
    cleanups.push(() => db.close());
    const a = await start('a');
    await until('the first instance polls', () => calls('getUpdates') > 0);
    await until('the first instance leads the autopilot', async () => (await db.db.select().from(heartbeats)).length > 0);
    await start('b');
    await until('the second instance starts', () => calls('setMyCommands') >= 2);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(orderPosts()).toBe(0);

    // The autopilot is switched on with the latest session due; A's next heartbeat decides it and sends the order,
    // which Alpaca creates and fills but never answers.
    alpaca.hangNextPosts = 1;
    alpaca.hangMs = 300_000;
    await new SettingsStore(db.db).set('autopilot.symbols', ['SPY']);
    await new SettingsStore(db.db).set('autopilot.enabled', true);
    await until('the autopilot order posted', () => orderPosts() === 1);
    const runOf = async () => (await db.db.select().from(autopilotRuns).where(eq(autopilotRuns.date, session))).find((r) => r.kind === 'session');
    expect((await runOf())?.status).toBe('running');

    a.child.kill('SIGKILL');
    await a.exited;
    const killedAt = Date.now();
    tg.pushMessage(8200, '/status');

    // B takes over the trading lock at its next heartbeat, resumes the claimed session, finds the order Alpaca
    // created under the same client order id, and finishes the session.
    await until('the session finished by the other instance', async () => (await runOf())?.status === 'done', 60_000);
    const doneAt = Date.now();
    await until('the answer after the kill', () => tg.sentTo(8200).length >= 1, 45_000);
    expect(doneAt - killedAt).toBeLessThan(30_000);
    expect(tg.sentTo(8200)[0]!.at - killedAt).toBeLessThan(30_000);

    // One order: one POST at Alpaca, one order there, one row in the book, filled as Alpaca filled it.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(orderPosts()).toBe(1);
    const atAlpaca = [...alpaca.orders.values()].filter((o) => o.symbol === 'SPY');
    expect(atAlpaca).toHaveLength(1);
    expect(atAlpaca[0]!.side).toBe('sell');
    const booked = (await db.db.select().from(traderOrders).where(eq(traderOrders.symbol, 'SPY'))).filter((o) => o.origin === 'autopilot');
    expect(booked).toHaveLength(1);
    expect(booked[0]!.clientOrderId).toBe(atAlpaca[0]!.client_order_id);
    expect(booked[0]!.status).toBe('filled');
    expect(tg.sentTo(8200)).toHaveLength(1);
  }, 300_000);
});
