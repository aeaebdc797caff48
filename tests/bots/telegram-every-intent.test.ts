// Every intent's answer through the real Telegram adapter and the loopback Bot API, read as a phone shows it: valid
// HTML for Telegram (the fake refuses anything else with a 400), at most 4096 characters a message and 1024 a caption
// (also refused by the fake), and <pre> lines of at most 40 characters. /start greets with buttons and a keyboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allIntents } from '../../src/agent/intents/index.ts';
import { HttpServer } from '../../src/bots/http/http-server.ts';
import { runEvaluation } from '../../src/engine/evaluate/run-evaluation.ts';
import { startPlatforms, type RunningPlatforms } from '../../src/cli/start-platforms.ts';
import { startTelegramFake, type TelegramFake, type TgSent } from '../fakes/telegram-server.ts';
import { FastClock } from '../support/fast-clock.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let fake: TelegramFake;
let app: TestApp;
let http: HttpServer;
let running: RunningPlatforms;

const SAMPLES: Record<string, string> = {
  pull: '/pull polygon SPX',
  models: '/models trend',
  model: '/model sma-cross-20-50',
  backtest: '/backtest sma-cross-20-50 SPX',
  compare: '/compare sma-cross-20-50 rsi-14-30-70 SPX',
  leaderboard: '/leaderboard SPX',
  evaluate: '/evaluate sma-cross-20-50 SPX',
  accuracy: '/accuracy sma-cross-20-50 SPX',
  predict: '/predict SPX',
  volatility: '/volatility SPX',
  risk: '/risk SPX',
  regime: '/regime SPX',
  recommend: '/recommend SPX',
  overbought: '/overbought SPX',
  buy: '/buy SPX 1',
  sell: '/sell SPX 1',
  close: '/close SPX',
  cancel: '/cancel 1',
  autopilot: '/autopilot status',
  why: '/why SPX',
  subscribe: '/subscribe alerts',
  unsubscribe: '/unsubscribe alerts',
  pnl: '/pnl week',
  quote: '/quote SPX',
  notify: '/notify fill silent',
  watch: '/watch add SPX',
  report: '/report daily',
};

beforeAll(async () => {
  fake = await startTelegramFake();
  app = await createTestApp({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, MLTRAINER_ALLOWED_USERS: 'telegram:3000' }, { withTrading: true });
  // A measured leaderboard to show.
  await runEvaluation({ db: app.db.db, bars: app.bars, models: ['buy-and-hold', 'sma-cross-20-50', 'rsi-14-30-70', 'momentum-252', 'ema-cross-12-26'], symbols: ['SPX'], workers: 0 });
  http = new HttpServer(async () => ({}));
  await http.listen(0, '127.0.0.1');
  // The pacing's clock runs 100 times faster: what is read here is each answer, not the limits' waits (those are
  // tested in outbox-notifier.test.ts and telegram-adapter.test.ts).
  running = await startPlatforms({ config: app.config, core: app.agent, db: app.db.db, clock: new FastClock(100) }, http);
}, 120_000);

afterAll(async () => {
  await running?.stop();
  await http?.close();
  await app?.close();
  await fake?.close();
});

/** Waits until nothing more has been sent for `quietMs`. */
async function settle(quietMs = 600): Promise<void> {
  let last = -1;
  while (fake.sent.length !== last) {
    last = fake.sent.length;
    await new Promise((r) => setTimeout(r, quietMs));
  }
}

function preLines(s: TgSent): string[] {
  const blocks = [...s.text.matchAll(/<pre>([\s\S]*?)<\/pre>/g)].map((m) => m[1]!);
  return blocks.flatMap((b) => b.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').split('\n'));
}

describe('every intent on Telegram', () => {
  it('answers in valid HTML within the limits, with <pre> lines a phone can show', async () => {
    const intents = allIntents();
    let chat = 3000;
    const chats = new Map<string, number>();
    // One chat per intent (the allowed user 3000 trades in its own chat first, so /positions has a table).
    fake.pushMessage(3000, '/buy SPX 2');
    await fake.waitFor(() => fake.sentTo(3000).length >= 1);
    fake.pushCallback(fake.sentTo(3000)[0]!, fake.sentTo(3000)[0]!.replyMarkup!.inline_keyboard![0]![0]!.callback_data!);
    await fake.waitFor(() => fake.sentTo(3000).length >= 2);
    fake.pushMessage(3000, '/positions');
    chats.set('positions', 3000);
    for (const i of intents) {
      if (i.name === 'positions') continue;
      chats.set(i.name, ++chat);
      fake.pushMessage(chat, SAMPLES[i.name] ?? `/${i.name}`);
    }
    // Chat 3000 already holds the confirmation and the fill: its /positions answer is the third message.
    // A heavy request that had to wait is told so first ("Busy: N requests ahead of you"); its answer comes after.
    const answers = (c: number) => fake.sentTo(c).filter((s) => !s.plain.startsWith('Busy: '));
    await fake.waitFor(() => [...chats.values()].every((c) => answers(c).length >= (c === 3000 ? 3 : 1)), 120_000);
    await settle();
    // Nothing the bot tried to send was refused by the Bot API (bad HTML, too long).
    expect(fake.calls.filter((c) => c.status === 400)).toEqual([]);
    for (const [name, id] of chats) {
      const sent = fake.sentTo(id);
      expect(sent.length, name).toBeGreaterThan(0);
      for (const s of sent) {
        expect(s.parseMode, name).toBe('HTML');
        for (const line of preLines(s)) expect(line.length, `${name}: ${line}`).toBeLessThanOrEqual(40);
        expect(s.plain, name).not.toMatch(/`/);
      }
    }
    // The ones the issue names show tables.
    for (const name of ['help', 'backtest', 'leaderboard', 'positions']) {
      expect(fake.sentTo(chats.get(name)!).some((s) => preLines(s).length > 0), name).toBe(true);
    }
    // A backtest is one photo whose caption carries the figures, then its interpretation.
    const backtest = answers(chats.get('backtest')!);
    expect(backtest[0]!.method).toBe('sendPhoto');
    expect(backtest[0]!.plain).toMatch(/^Backtest of sma-cross-20-50 on SPX/);
    expect(backtest[0]!.plain).toMatch(/total return/);
  }, 180_000);

  it('greets /start with first-step buttons and a keyboard of common commands', async () => {
    fake.pushMessage(3999, '/start');
    await fake.waitFor(() => fake.sentTo(3999).length >= 2);
    const [greeting, keyboard] = fake.sentTo(3999);
    expect(greeting!.plain).toMatch(/^Hello\. I am mlTrainer/);
    expect(greeting!.plain).toMatch(/2020-04-17/);
    const buttons = greeting!.replyMarkup!.inline_keyboard!.flat();
    expect(buttons.length).toBeGreaterThanOrEqual(4);
    expect(buttons.length).toBeLessThanOrEqual(6);
    const markup = keyboard!.replyMarkup as unknown as { keyboard: { text: string }[][]; is_persistent: boolean };
    expect(markup.is_persistent).toBe(true);
    expect(markup.keyboard.flat().map((k) => k.text)).toContain('/help');
  });
});
