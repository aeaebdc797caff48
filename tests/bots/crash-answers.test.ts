// `mltrainer start` killed (SIGKILL) with Telegram updates in flight, as a crash or an out-of-memory kill does: the
// updates were confirmed to Telegram (it will not send them again), so only the bot's own journal can answer them.
// After the restart each is answered exactly once; a confirmed Alpaca order whose request was in flight at the kill is
// placed once and its confirmation answered once.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAlpacaTradingServer } from '../fakes/alpaca-trading-server.ts';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-server.ts';
import { runCli, startCli, type RunningCli } from '../support/run-cli.ts';
import { createScratchDatabase } from '../support/test-db.ts';
import { seededHome } from '../support/seeded-home.ts';

const KEY = 'PKCRASHTESTKEY000001';
const SECRET = 'crash-test-secret-abcdefghijklmn';
const TRADER = 6001;

let tg: TelegramFake;
let alpaca: FakeAlpacaTradingServer;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  tg = await startTelegramFake();
  alpaca = new FakeAlpacaTradingServer({ keyId: KEY, secretKey: SECRET, cash: 100_000, prices: { SPY: 500.25 } });
  await alpaca.start();
});

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await tg?.close();
  await alpaca?.close();
});

/** A fresh home (and, on the PostgreSQL pass, a database of its own). */
async function freshHome(): Promise<Record<string, string | undefined>> {
  const home = await seededHome('mlt-crash-');
  const scratch = await createScratchDatabase();
  cleanups.push(() => scratch.drop(), () => fs.rmSync(home, { recursive: true, force: true }));
  return { MLTRAINER_HOME: home, DATABASE_URL: scratch.url, PORT: '0', TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot };
}

async function until(what: string, cond: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function startBot(env: Record<string, string | undefined>): RunningCli {
  const running = startCli(['start'], { env });
  cleanups.push(() => void running.child.kill('SIGKILL'));
  return running;
}

const polls = () => tg.calls.filter((c) => c.method === 'getUpdates').length;

describe('a crash with updates in flight', () => {
  it('answers each of 100 updates confirmed before a SIGKILL exactly once after the restart', async () => {
    const env = await freshHome();
    tg.reset();
    tg.knobs.holdSends = true; // every answer is stuck on its way out when the process dies
    const first = startBot(env);
    const polled = polls();
    await until('the first poll', () => polls() > polled);
    const chats = Array.from({ length: 100 }, (_, i) => 5001 + i);
    let last = 0;
    for (const chat of chats) last = tg.pushMessage(chat, '/status').update_id;
    await until('the updates confirmed and answers on their way', () => tg.confirmedUpTo >= last && tg.faults.held >= 20);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(tg.sent).toHaveLength(0);
    expect(tg.confirmedUpTo).toBeGreaterThanOrEqual(last); // Telegram will not send them again

    tg.knobs.holdSends = false;
    const second = startBot(env);
    await tg.waitFor(() => chats.every((c) => tg.sentTo(c).length >= 1), 120_000);
    await new Promise((r) => setTimeout(r, 1500)); // time for any second answer to show
    for (const chat of chats) {
      const answers = tg.sentTo(chat);
      expect(answers, `chat ${chat}`).toHaveLength(1);
      expect(answers[0]!.plain).toMatch(/^mlTrainer \d+\.\d+\.\d+\nDatabase: /);
      expect(answers[0]!.plain).toMatch(/\(Answered after a restart: your message arrived at \d\d:\d\d UTC\.\)$/);
    }
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 300_000);

  it('places a confirmed Alpaca order in flight at the kill once, and answers its confirmation once after the restart', async () => {
    const base = await freshHome();
    const env = {
      ...base,
      APCA_API_KEY_ID: KEY,
      APCA_API_SECRET_KEY: SECRET,
      APCA_API_BASE_URL: alpaca.url,
      APCA_API_DATA_URL: alpaca.url,
      MLTRAINER_ALLOWED_USERS: `telegram:${TRADER}`,
    };
    // The risk checks price an order from the bar store: one daily SPY bar, as a pull from Alpaca would store it.
    const csv = path.join(base.MLTRAINER_HOME!, 'spy.csv');
    fs.writeFileSync(csv, 'Date,Open,High,Low,Close,Adj Close,Volume\n2026-11-24,499,501,498,500.25,500.25,1000000\n');
    expect((await runCli(['data', 'import', csv, '--symbol', 'SPY'], { env })).code).toBe(0);
    tg.reset();
    const posts = () => alpaca.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v2/orders')).length;
    const postsBefore = posts();

    const first = startBot(env);
    tg.pushMessage(TRADER, '/buy SPY 3');
    await tg.waitFor(() => tg.sentTo(TRADER).length >= 1, 120_000);
    const ask = tg.sentTo(TRADER)[0]!;
    expect(ask.plain).toMatch(/^Please confirm: buy 3 SPY/);
    const confirm = ask.replyMarkup!.inline_keyboard!.flat().find((b) => b.text === 'Confirm')!.callback_data!;
    // The broker creates the order but never answers: the process dies between sending it and hearing back.
    alpaca.hangNextPosts = 1;
    alpaca.hangMs = 120_000;
    const press = tg.pushCallback(ask, confirm);
    await until('the order posted', () => posts() > postsBefore);
    await until('the press confirmed', () => tg.confirmedUpTo >= press.update_id);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(tg.sentTo(TRADER)).toHaveLength(1); // only the request for confirmation

    const second = startBot(env);
    await tg.waitFor(() => tg.sentTo(TRADER).length >= 2, 120_000);
    await new Promise((r) => setTimeout(r, 1500));
    const answers = tg.sentTo(TRADER).slice(1);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.plain).toMatch(/^Order #1 buy 3 SPY market, filled at 500\.25/);
    expect(answers[0]!.plain).toContain('(Answered after a restart: your message arrived at');
    expect(answers[0]!.plain).toContain('already placed earlier; nothing new was sent');
    expect(posts() - postsBefore).toBe(1);
    expect([...alpaca.orders.values()].filter((o) => o.symbol === 'SPY' && o.qty === 3)).toHaveLength(1);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 300_000);
});
