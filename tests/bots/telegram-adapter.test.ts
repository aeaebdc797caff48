// The Telegram adapter started the way `mltrainer start` starts it (the whole app, startPlatforms, the shared HTTP
// server), against a loopback Bot API: commands in, HTML replies out, buttons, 429, redeliveries, webhook mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../src/bots/http/http-server.ts';
import { HeavyWork } from '../../src/engine/heavy/heavy-work.ts';
import { startPlatforms, type RunningPlatforms } from '../../src/cli/start-platforms.ts';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-server.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { writeSpxChart } from './spx-chart.ts';

let fake: TelegramFake;
let app: TestApp;
let http: HttpServer;
let httpUrl: string;
let running: RunningPlatforms;

const deps = () => ({ config: app.config, core: app.agent, db: app.db.db, clock: app.clock });

beforeAll(async () => {
  fake = await startTelegramFake();
  app = await createTestApp({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, MLTRAINER_ALLOWED_USERS: 'telegram:1005' });
  http = new HttpServer(async () => ({}));
  httpUrl = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  running = await startPlatforms(deps(), http);
});

afterAll(async () => {
  await running?.stop();
  await http?.close();
  await app?.close();
  await fake?.close();
});

describe('telegram adapter (long polling)', () => {
  it('registers every intent as a command and answers /help with the command list in HTML', async () => {
    const names = fake.commands.map((c) => c.command);
    expect(names).toEqual(expect.arrayContaining(['help', 'status', 'data']));
    expect(fake.commands.find((c) => c.command === 'help')!.description).toBe('List what mlTrainer can do, with the commands to ask for it; /help COMMAND explains one command.');

    fake.pushMessage(1001, '/help');
    await fake.waitFor(() => fake.sentTo(1001).length >= 1);
    const [reply] = fake.sentTo(1001);
    expect(reply!.parseMode).toBe('HTML');
    expect(reply!.plain).toContain('mlTrainer');
    expect(reply!.text).toMatch(/<pre>[\s\S]*\/status[\s\S]*<\/pre>/);
    expect(reply!.plain).toContain('/data');
  });

  it('escapes < > & so Telegram parses the answer, and shows the user the text as typed', async () => {
    fake.pushMessage(1002, 'is 3 < 4 && 5 > 2?');
    await fake.waitFor(() => fake.sentTo(1002).length >= 1);
    const reply = fake.sentTo(1002)[0]!;
    expect(reply.text).toContain('3 &lt; 4 &amp;&amp; 5 &gt; 2');
    expect(reply.plain).toContain('3 < 4 && 5 > 2');
  });

  it('sends a button press back to the core as callbackData and answers the callback query', async () => {
    fake.pushMessage(1005, '/status');
    await fake.waitFor(() => fake.sentTo(1005).length >= 1);
    const target = fake.sentTo(1005)[0]!;
    const before = fake.calls.filter((c) => c.method === 'answerCallbackQuery').length;
    fake.pushCallback(target, 'confirm:no-such-request');
    await fake.waitFor(() => fake.sentTo(1005).length >= 2);
    // The core settles `confirm:<id>` only from callbackData; an unknown id is refused, nothing is done.
    expect(fake.sentTo(1005)[1]!.plain).toBe('That request was already handled or has expired; nothing was done.');
    const answered = fake.calls.filter((c) => c.method === 'answerCallbackQuery');
    expect(answered.length).toBe(before + 1);
    expect(String(answered.at(-1)!.params.callback_query_id)).toMatch(/^cb-/);
  });

  it('renders buttons as an inline keyboard and a press brings the label and data back', async () => {
    const seen: { text: string; callbackData?: string }[] = [];
    const tg = running.telegram!;
    // The reply a confirmation step produces, sent the way the adapter sends the core's replies.
    await tg.sender.sendReply('1006', {
      text: 'Please confirm: buy 1 SPY.',
      buttons: [
        { label: 'Confirm', data: 'confirm:abc' },
        { label: 'Cancel', data: 'cancel:abc' },
      ],
    });
    const msg = fake.sentTo(1006)[0]!;
    expect(msg.replyMarkup!.inline_keyboard).toEqual([
      [
        { text: 'Confirm', callback_data: 'confirm:abc' },
        { text: 'Cancel', callback_data: 'cancel:abc' },
      ],
    ]);
    const original = app.agent.handle.bind(app.agent);
    app.agent.handle = async (m) => {
      seen.push({ text: m.text, callbackData: m.callbackData });
      return original(m);
    };
    try {
      fake.pushCallback(msg, 'cancel:abc');
      await fake.waitFor(() => fake.sentTo(1006).length >= 2);
    } finally {
      app.agent.handle = original;
    }
    expect(seen).toEqual([{ text: 'Cancel', callbackData: 'cancel:abc' }]);
    // The keyboard is taken off the message so the confirmation cannot be pressed twice.
    const edit = fake.calls.filter((c) => c.method === 'editMessageReplyMarkup').at(-1)!;
    expect(edit.params.message_id).toBe(msg.messageId);
    expect(edit.params.reply_markup).toEqual({ inline_keyboard: [] });
  });

  it('waits the retry_after a 429 names before sending again', async () => {
    fake.knobs.rateLimitSends = 1;
    fake.knobs.retryAfterSeconds = 1;
    fake.pushMessage(1003, '/status');
    await fake.waitFor(() => fake.sentTo(1003).length >= 1);
    const limited = fake.calls.find((c) => c.method === 'sendMessage' && c.status === 429 && String(c.params.chat_id) === '1003')!;
    const delivered = fake.sentTo(1003)[0]!;
    expect(limited).toBeDefined();
    expect(delivered.at - limited.at).toBeGreaterThanOrEqual(1000);
    expect(delivered.plain).toContain('Database:');
  });

  it('never answers a redelivered update twice, also after a restart on the same database', async () => {
    const help = fake.pushMessage(1004, '/help');
    await fake.waitFor(() => fake.sentTo(1004).length >= 1);
    fake.redeliver(help);
    const status = fake.pushMessage(1004, '/status');
    await fake.waitFor(() => fake.sentTo(1004).length >= 2);

    await running.stop();
    running = await startPlatforms(deps(), http);
    fake.redeliver(help);
    fake.redeliver(status);
    fake.pushMessage(1004, '/data');
    // The chat's updates are handled in order: once /data is answered, the redelivered ones have been passed over.
    await fake.waitFor(() => fake.sentTo(1004).length >= 3);
    const replies = fake.sentTo(1004);
    expect(replies).toHaveLength(3);
    expect(replies[0]!.plain).toContain('/help');
    expect(replies[1]!.plain).toContain('Database:');
    expect(replies[2]!.plain).toContain('SPX');
    expect(fake.confirmedUpTo).toBeGreaterThanOrEqual(status.update_id);
  });

  it('answers the messages already queued in a chat before it stops (their updates are confirmed, so none is lost)', async () => {
    fake.pushMessage(1011, '/data');
    fake.pushMessage(1011, '/status');
    fake.pushMessage(1011, '/help');
    // Stop as soon as the first answer is out: the other two were fetched (and confirmed) and wait in the chat's turn.
    await fake.waitFor(() => fake.sentTo(1011).length >= 1);
    await running.stop();
    const replies = fake.sentTo(1011);
    expect(replies).toHaveLength(3);
    expect(replies[1]!.plain).toContain('Database:');
    expect(replies[2]!.plain).toContain('/help');
    running = await startPlatforms(deps(), http);
  });

  it('sends a chart as a photo upload with its caption, and a long table split under 4096 characters', async () => {
    const chart = await writeSpxChart(app.home);
    await running.telegram!.sender.sendReply('1007', { text: 'SPX, first 60 sessions of 2000 <close>', image: chart });
    const photo = fake.sentTo(1007)[0]!;
    expect(photo.method).toBe('sendPhoto');
    expect(photo.photoBytes).toBeGreaterThan(5000);
    expect(photo.plain).toBe('SPX, first 60 sessions of 2000 <close>');

    const rows = Array.from({ length: 400 }, (_, i) => `row ${String(i).padStart(3, '0')}  a<b & c>d  ${'x'.repeat(10)}`);
    await running.telegram!.sender.sendReply('1007', { text: 'A long table:', code: rows.join('\n') });
    const parts = fake.sentTo(1007).slice(1);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.text.length).toBeLessThanOrEqual(4096);
      expect((p.text.match(/<pre>/g) ?? []).length).toBe((p.text.match(/<\/pre>/g) ?? []).length);
    }
    const shown = parts.map((p) => p.plain).join('\n');
    for (const r of rows) expect(shown).toContain(r);
  });
});

describe('telegram adapter under heavy work', () => {
  it('sends a waiting request its busy notice at once, before the running one is answered, then its answer', async () => {
    // One worker: chat 2001's learned-model backtest holds it while chat 2002 asks.
    const heavy = new HeavyWork({ workers: 1 });
    const real = app.services.heavy;
    app.services.heavy = heavy;
    try {
      fake.pushMessage(2001, '/backtest rf-clf-mix-12 SPX');
      // (the fake's waitFor looks again only when something is sent)
      while (heavy.queue.load.running === 0) await new Promise((r) => setTimeout(r, 10));
      fake.pushMessage(2002, '/backtest sma-cross-20-50 SPX');
      await fake.waitFor(() => fake.sentTo(2002).length >= 1);
      expect(fake.sentTo(2002)[0]!.plain).toBe('Busy: 1 request ahead of you. Your backtest starts when a worker is free; the answer follows.');
      expect(fake.sentTo(2001)).toHaveLength(0);
      await fake.waitFor(() => fake.sentTo(2002).length >= 3 && fake.sentTo(2001).length >= 2, 60_000);
      expect(fake.sentTo(2001)[0]!.plain).toMatch(/^Backtest of rf-clf-mix-12 on SPX, 2000-01-03\.\.2020-04-17 \(5105 daily bars\)\./);
      expect(fake.sentTo(2002)[1]!.plain).toMatch(/^Backtest of sma-cross-20-50 on SPX, 2000-01-03\.\.2020-04-17 \(5105 daily bars\)\./);
    } finally {
      app.services.heavy = real;
      await heavy.close();
    }
  }, 90_000);
});

describe('telegram adapter flood protection', () => {
  it('answers a flooding chat up to its limit and tells it once to slow down; other chats are unaffected', async () => {
    await running.stop();
    running = await startPlatforms(deps(), http, { flood: { perMinute: 3, waiting: 1 } });
    for (let i = 0; i < 8; i++) fake.pushMessage(1020, '/status');
    fake.pushMessage(1021, '/status');
    // How many get through depends on how fast each answer is (one runs, one waits, the rest are dropped), so wait
    // for the notice and the other chat's answer, then for the chat's queue to drain.
    await fake.waitFor(() => fake.sentTo(1020).some((m) => m.plain.startsWith('Slow down')) && fake.sentTo(1021).length >= 1);
    await fake.waitFor(() => fake.sentTo(1020).filter((m) => m.plain.includes('Database:')).length >= 2);
    await new Promise((r) => setTimeout(r, 1500));
    const texts = fake.sentTo(1020).map((s) => s.plain);
    expect(texts.filter((t) => t.startsWith('Slow down'))).toHaveLength(1);
    const answered = texts.filter((t) => t.includes('Database:')).length;
    expect(answered).toBeGreaterThanOrEqual(2); // the one running and the one waiting
    expect(answered).toBeLessThanOrEqual(3); // never more than the per-minute limit
    expect(fake.sentTo(1021)[0]!.plain).toContain('Database:');
  });
});

describe('telegram adapter (webhook on the shared HTTP port)', () => {
  it('accepts updates carrying the secret header and refuses others with 401', async () => {
    await running.stop();
    const webhookUrl = `${httpUrl}/telegram/webhook`;
    const config = { ...app.config, telegram: { ...app.config.telegram!, webhookUrl, webhookSecret: 'hook-secret_123' } };
    running = await startPlatforms({ ...deps(), config }, http);
    expect(fake.webhook).toEqual({ url: webhookUrl, secret: 'hook-secret_123' });

    const update = {
      update_id: 900001,
      message: {
        message_id: 1,
        date: 1,
        from: { id: 1010, is_bot: false, first_name: 'T' },
        chat: { id: 1010, type: 'private' },
        text: '/help',
        entities: [{ type: 'bot_command', offset: 0, length: 5 }],
      },
    };
    const post = (headers: Record<string, string>) =>
      fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(update) });
    expect((await post({})).status).toBe(401);
    expect((await post({ 'x-telegram-bot-api-secret-token': 'wrong' })).status).toBe(401);
    expect(await fake.deliverWebhook(update)).toBe(200);
    await fake.waitFor(() => fake.sentTo(1010).length >= 1);
    expect(fake.sentTo(1010)).toHaveLength(1);
    expect(fake.sentTo(1010)[0]!.plain).toContain('/status');

    // Once stopping, an update gets 503 (Telegram delivers it again later) and nothing is answered.
    await running.stop();
    expect(await fake.deliverWebhook({ ...update, update_id: 900002 })).toBe(503);
    expect(fake.sentTo(1010)).toHaveLength(1);
    running = await startPlatforms(deps(), http);
  });
});
