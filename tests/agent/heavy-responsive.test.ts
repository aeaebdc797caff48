// Issue 21, item 1: while the heaviest backtest a chat may ask for runs, other chats are answered at once. The big
// series is the real SPX fixture repeated in the store (each copy 7,500 days after the last); nothing is invented.
// Measured, not assumed: every /status latency during the heavy job, and the event loop's longest delay.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/agent/chat-message.ts';
import { HeavyWork } from '../../src/engine/heavy/heavy-work.ts';
import { CHAT_MAX_BARS, CHAT_MAX_LEARNED_BARS } from '../../src/engine/heavy/chat-size-limits.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;

const message = (chatId: string, text: string): ChatMessage => ({ platform: 'telegram', chatId, userId: chatId, text });

/** Stores `count` daily bars of `symbol`: the embedded SPX bars, copied as often as needed. */
async function storeRepeatedSpx(symbol: string, count: number): Promise<void> {
  const copies = Math.ceil(count / 5105);
  await app.db.db.execute(
    sql.raw(`insert into bars (symbol, timeframe, time, open, high, low, close, volume, source)
      select '${symbol}', '1d', time + k * interval '7500 days', open, high, low, close, volume, source
      from bars cross join generate_series(0, ${copies - 1}) k where symbol = 'SPX' and timeframe = '1d'
      order by time + k * interval '7500 days' limit ${count}`),
  );
}

/** Asks /status from other chats every 250 ms until `heavy` settles; each answer's latency in ms. */
async function statusWhile(heavy: Promise<unknown>): Promise<{ latencies: number[]; texts: string[] }> {
  let done = false;
  void heavy.finally(() => (done = true));
  const latencies: number[] = [];
  const texts: string[] = [];
  for (let i = 0; !done; i++) {
    const t0 = performance.now();
    const r = await app.agent.handle(message(`status-${i}`, '/status'));
    latencies.push(performance.now() - t0);
    texts.push(r.replies[0]!.text);
    await new Promise((res) => setTimeout(res, 250));
  }
  return { latencies, texts };
}

async function measure(heavyText: string) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const t0 = performance.now();
  let heavyMs = 0;
  const heavy = app.agent.handle(message('heavy-chat', heavyText)).then((r) => {
    heavyMs = performance.now() - t0;
    return r;
  });
  const status = await statusWhile(heavy);
  const answer = await heavy;
  loop.disable();
  return { answer, heavyMs, ...status, loopMaxMs: loop.max / 1e6 };
}

/**
 * Several answers came while the heavy job ran, typically within a second and none slower than a quarter of the heavy
 * job, and the event loop never stalled for a second. (Bounds relative to the job: a loaded machine slows both.)
 */
function expectResponsive(r: { latencies: number[]; heavyMs: number; loopMaxMs: number }): void {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  expect(r.latencies.length).toBeGreaterThanOrEqual(3);
  expect(sorted[Math.floor(sorted.length / 2)]!).toBeLessThan(1_000);
  expect(sorted.at(-1)!).toBeLessThan(r.heavyMs / 4);
  expect(r.loopMaxMs).toBeLessThan(1_000);
}

beforeAll(async () => {
  app = await createTestApp();
  await storeRepeatedSpx('BIG', CHAT_MAX_BARS);
  await storeRepeatedSpx('LEARN', CHAT_MAX_LEARNED_BARS);
  // The bot has been running: the store's summary (a GROUP BY over every bar, kept until the next write) is known.
  await app.agent.handle(message('warm-up', '/status'));
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe('a busy bot stays responsive', () => {
  it('answers /status in other chats while the heaviest allowed learned backtest runs', async () => {
    const r = await measure('/backtest rf-clf-mix-12 LEARN');
    expect(r.answer.replies[0]!.text).toMatch(/^Backtest of rf-clf-mix-12 on LEARN, 2000-01-03\.\.\d{4}-\d\d-\d\d \(20000 daily bars\)\./);
    expect(r.answer.replies[0]!.image).toMatch(/backtest-rf-clf-mix-12-learn-[0-9a-f]{8}\.png$/);
    console.log(`learned backtest on ${CHAT_MAX_LEARNED_BARS} bars: ${(r.heavyMs / 1000).toFixed(1)} s; /status answered ${r.latencies.length} times meanwhile, slowest ${Math.max(...r.latencies).toFixed(0)} ms; event loop's longest delay ${r.loopMaxMs.toFixed(0)} ms`);
    expect(r.texts.filter((t) => !/^mlTrainer \S+\nDatabase: [^\n]* \(ok\)\n/.test(t))).toEqual([]);
    expect(r.texts.filter((t) => t.includes('\nHeavy work: 1 running, 0 waiting (2 worker threads)\n')).length).toBeGreaterThanOrEqual(3);
    expectResponsive(r);
  }, 180_000);

  it('answers /status while the heaviest allowed rule-model backtest reads and runs 250,000 bars', async () => {
    const r = await measure('/backtest sma-cross-20-50 BIG');
    expect(r.answer.replies[0]!.text).toMatch(/^Backtest of sma-cross-20-50 on BIG, 2000-01-03\.\.\d{4}-\d\d-\d\d \(250000 daily bars\)\./);
    console.log(`rule backtest on ${CHAT_MAX_BARS} bars: ${(r.heavyMs / 1000).toFixed(1)} s; /status answered ${r.latencies.length} times meanwhile, slowest ${Math.max(...r.latencies).toFixed(0)} ms; event loop's longest delay ${r.loopMaxMs.toFixed(0)} ms`);
    expectResponsive(r);
  }, 180_000);

  it('refuses a request too large for a chat with the limit named, before anything runs', async () => {
    // One bar more than a chat may take: the SPX bar that follows BIG's last copy of it.
    await app.db.db.execute(
      sql.raw(`insert into bars (symbol, timeframe, time, open, high, low, close, volume, source)
        select 'BIG', '1d', b.time + (select max(time) - min(time) + interval '1 day' from bars where symbol = 'SPX'), open, high, low, close, volume, source
        from bars b where symbol = 'BIG' order by time desc limit 1`),
    );
    const rule = await app.agent.handle(message('big-chat', '/backtest sma-cross-20-50 BIG'));
    expect(rule.replies.map((x) => x.text)).toEqual([
      'BIG has 250,001 daily bars, too many for a chat answer: a backtest from a chat runs on at most 250,000 bars. ' +
        'Give an earlier end date or a longer bar (timeframe=1d), or run `mltrainer backtest --model sma-cross-20-50 --symbol BIG` on the command line.',
    ]);
    const learned = await app.agent.handle(message('big-chat', '/backtest rf-clf-mix-12 BIG'));
    expect(learned.replies[0]!.text).toBe(
      'BIG has 250,001 daily bars, too many for a chat answer: a learned model such as rf-clf-mix-12 runs on at most 20,000 bars from a chat (a rule model on 250,000). ' +
        'Give an earlier end date or a longer bar (timeframe=1d), or run `mltrainer backtest --model rf-clf-mix-12 --symbol BIG` on the command line.',
    );
  });

  it('tells a waiting request how many are ahead before its answer, and refuses one that finds the line full', async () => {
    // One worker and a line of one, so the test fills them with three requests.
    const heavy = new HeavyWork({ workers: 1, limits: { waiting: 1 } });
    const real = app.services.heavy;
    app.services.heavy = heavy;
    try {
      const heard: { chat: string; text: string; at: number }[] = [];
      const ask = (chat: string, text: string) =>
        app.agent.handle(message(chat, text), { interim: async (reply) => void heard.push({ chat, text: reply.text, at: performance.now() }) });
      const first = ask('chat-a', '/backtest rf-clf-mix-12 SPX');
      while (heavy.queue.load.running === 0) await new Promise((res) => setTimeout(res, 10));
      const second = ask('chat-b', '/backtest sma-cross-20-50 SPX');
      while (heavy.queue.load.waiting === 0) await new Promise((res) => setTimeout(res, 10));
      const third = await ask('chat-c', '/compare sma-cross-20-50 ema-cross-12-26 SPX');
      expect(third.replies.map((x) => x.text)).toEqual([
        'Busy: 1 heavy request is running and 1 waiting, as many as I queue; nothing was started. Try again in a minute.',
      ]);
      let firstDone = 0;
      const [a, b] = await Promise.all([first.then((r) => ((firstDone = performance.now()), r)), second]);
      // chat-b heard, at once and before chat-a's answer, that one request was ahead of it; then came its own answer.
      expect(heard.map(({ chat, text }) => ({ chat, text }))).toEqual([
        { chat: 'chat-b', text: 'Busy: 1 request ahead of you. Your backtest starts when a worker is free; the answer follows.' },
      ]);
      expect(heard[0]!.at).toBeLessThan(firstDone);
      expect(a.replies[0]!.text).toMatch(/^Backtest of rf-clf-mix-12 on SPX, 2000-01-03\.\.2020-04-17 \(5105 daily bars\)\./);
      expect(b.replies[0]!.text).toMatch(/^Backtest of sma-cross-20-50 on SPX, 2000-01-03\.\.2020-04-17 \(5105 daily bars\)\./);
      // Without a channel for early replies (the console), the notice leads the answer.
      const hold = ask('chat-a', '/backtest rf-clf-mix-12 SPX');
      while (heavy.queue.load.running === 0) await new Promise((res) => setTimeout(res, 10));
      const same = await Promise.all([app.agent.handle(message('chat-a', '/backtest momentum-252 SPX')), hold]);
      expect(same[0].replies[0]!.text).toBe('Busy: 1 request ahead of you. Your backtest starts when a worker is free; the answer follows.');
      expect(same[0].replies[1]!.text).toMatch(/^Backtest of momentum-252 on SPX/);
    } finally {
      app.services.heavy = real;
      await heavy.close();
    }
  }, 120_000);
});
