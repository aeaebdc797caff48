// The intents through the core on the seeded test database: real figures in the replies, a saved chart, honest
// answers where a piece is missing, and clear errors (did you mean, usage line, no stack trace).
import { HeavyWork } from '../../src/engine/heavy/heavy-work.ts';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/agent/chat-message.ts';
import { allIntents } from '../../src/agent/intents/index.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let n = 0;
const ask = (text: string) => app.agent.handle({ platform: 'console', chatId: `t${++n}`, userId: 'local', text } satisfies ChatMessage);

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('intents', () => {
  it('declares every intent name of the contract', () => {
    const names = allIntents().map((i) => i.name);
    for (const name of ['help', 'status', 'data', 'pull', 'models', 'model', 'backtest', 'compare', 'leaderboard', 'evaluate', 'predict', 'volatility', 'risk', 'regime', 'recommend', 'buy', 'sell', 'close', 'orders', 'cancel', 'positions', 'balance', 'pnl', 'halt', 'resume', 'autopilot', 'subscribe', 'unsubscribe', 'report', 'why', 'accuracy']) {
      expect(names).toContain(name);
    }
  });

  it('backtests with the metrics, buy-and-hold, a saved chart, an interpretation and a next step', async () => {
    const r = await ask('backtest a 20/50 sma crossover on SPX since 2010');
    expect(r.intent).toEqual({ name: 'backtest', args: { model: 'sma-cross-20-50', symbol: 'SPX', from: '2010-01-01' } });
    expect(r.replies[0]!.text).toBe('Backtest of sma-cross-20-50 on SPX, 2010-01-04..2020-04-17 (2590 daily bars).');
    expect(r.replies[0]!.code).toMatch(/total return\s+55\.83%\s+153\.79%/);
    expect(r.replies[0]!.code).toMatch(/CAGR\s+4\.41%\s+9\.49%/);
    expect(r.replies[0]!.code).toMatch(/max drawdown\s+20\.56%\s+33\.92%/);
    expect(r.replies[0]!.code).toMatch(/trades\s+62\s+1/);
    const png = r.replies[0]!.image!;
    expect(png.startsWith(app.services.chartsDir)).toBe(true);
    expect(fs.readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect(r.replies[1]!.text).toBe(
      "It did worse than simply holding (55.83% against 153.79%) and with a lower Sharpe ratio. Its worst drawdown was 20.56%, smaller than holding's 33.92%, with 62 trades and money in the market 69.0% of the time.\n" +
        'Next: try /compare sma-cross-20-50 ema-cross-12-26 SPX 2010-01-01',
    );
  });

  it('cuts the data at `to` and charges costs', async () => {
    const r = await ask('/backtest sma-cross-20-50 SPX 2010-01-01 2012-12-31 costBps=10');
    expect(r.replies[0]!.text).toBe('Backtest of sma-cross-20-50 on SPX, 2010-01-04..2012-12-31 (754 daily bars, cost 10 bps).');
  });

  it('suggests the closest model ids and symbols, and gives the usage line for a missing argument', async () => {
    expect((await ask('/backtest sma-cros-20-50 SPX')).replies[0]!.text).toBe(
      'There is no model "sma-cros-20-50". Did you mean sma-cross-20-50, ema-cross-20-50, sma-cross-10-50?',
    );
    expect((await ask('backtest rsi on SPXX')).replies[0]!.text).toBe('There is no data for SPXX, so nothing was run. Did you mean SPX? The store holds: AAPL, AMZN, GOOG, IBM, MSFT, SPX. Pull it with /pull polygon SPXX or /pull alpaca SPXX when a provider is configured.');
    expect((await ask('/backtest')).replies[0]!.text).toBe(
      'Which model should I backtest, and on which symbol? Name one (send /models for the list), or pick one below. Type it like this: /backtest MODEL SYMBOL [FROM] [TO] [costBps=N].',
    );
    const onSpx = (await ask('backtest on SPX')).replies[0]!;
    expect(onSpx.text).toBe(
      'Which model should I backtest on SPX? Name one (send /models for the list), or pick one below. Type it like this: /backtest MODEL SYMBOL [FROM] [TO] [costBps=N].',
    );
    expect(onSpx.buttons?.map((b) => b.data)).toEqual(['/backtest sma-cross-20-50 SPX', '/backtest rsi-14-30-70 SPX', '/backtest momentum-252 SPX']);
    expect((await ask('/backtest sma-cross-20-50 SPX 2030-01-01')).replies[0]!.text).toBe(
      'No bars from 2030-01-01 to the end: the data covers 2000-01-03 to 2020-04-17.',
    );
    expect((await ask('/frobnicate')).replies[0]!.text).toBe('There is no /frobnicate command. Send /help to see what I can do.');
  });

  it('answers a model that throws on its worker with one line naming it, and the pool carries on', async () => {
    // The workers find models by id in a models module: this one's sma-cross-5-20 throws.
    const heavy = new HeavyWork({ modelsModule: new URL('../engine/heavy/failing-models.ts', import.meta.url) });
    const real = app.services.heavy;
    app.services.heavy = heavy;
    try {
      const r = await ask('/backtest sma-cross-5-20 SPX');
      expect(r.replies.map((x) => x.text)).toEqual([
        'The backtest of sma-cross-5-20 on SPX stopped: the model sma-cross-5-20 failed (boom at bar 7). The details are in the log.',
      ]);
      expect((await ask('/backtest sma-cross-20-50 SPX')).replies[0]!.text).toMatch(/^Backtest of sma-cross-20-50 on SPX, 2000-01-03\.\.2020-04-17 \(5105 daily bars\)\./);
    } finally {
      app.services.heavy = real;
      await heavy.close();
    }
  });

  it('reports the latest model readings with their dates and models', async () => {
    const vol = await ask('what is the volatility forecast for SPX?');
    expect(vol.replies[0]!.text).toMatch(
      /^Volatility forecast for SPX after the close of 2020-04-17:\nData age: .*\ngarch-1-1: next-bar volatility \d+\.\d{3}% \(\d+\.\d{2}% annualised\), from 2020-04-17/,
    );
    const sig = await ask('what does the golden cross signal on SPX today?');
    expect(sig.replies[0]!.text).toContain('sma-cross-50-200: ');
    expect(sig.replies[0]!.text).toContain('after the close of 2020-04-17');
  });

  it('says what is missing instead of inventing: no trader, no autopilot, no stored leaderboard', async () => {
    expect((await ask('/positions')).replies[0]!.text).toMatch(/^Trading is not available here/);
    expect((await ask('turn on the autopilot')).replies[0]!.text).toMatch(/^The autopilot is not available here/);
    expect((await ask('/leaderboard AAPL')).replies[0]!.text).toBe(
      'No trading model has a walk-forward result on the AAPL 1mo bars stored now, so there is no measured leaderboard. ' +
        'Run /evaluate symbols=AAPL in the chat, or `mltrainer leaderboard --symbol AAPL`, which evaluates every trading model first.',
    );
  });

  it('compares models on one window and evaluates into the stored leaderboard', async () => {
    const c = await ask('/compare sma-cross-20-50 rsi-14-30-70 SPX 2010-01-01');
    expect(c.replies[0]!.code).toMatch(/rsi-14-30-70\s+117\.04%\s+7\.83%\s+0\.60\s+29\.04%\s+23/);
    expect(c.replies[1]!.text).toContain('None beat buy-and-hold (153.79%).');
    // One chart with both models and buy-and-hold over the window.
    expect(c.replies[0]!.image).toMatch(/compare-spx-[0-9a-f]{8}\.png$/);
    expect(fs.readFileSync(c.replies[0]!.image!).subarray(1, 4).toString()).toBe('PNG');
    const e = await ask('/evaluate sma-cross-20-50,momentum-252 SPX');
    expect(e.replies[0]!.code).toMatch(/momentum-252\s+SPX\s+2001-01-03\.\.2020-04-17\s+return 123\.78%, Sharpe 0\.41/);
    const l = await ask('which model works best on SPX lately?');
    expect(l.intent).toEqual({ name: 'leaderboard', args: { symbol: 'SPX' } });
    expect(l.replies[0]!.text).toBe(
      'Leaderboard of SPX by Sharpe: 2 models on one window, 2001-01-03..2020-04-17 (4,852 daily bars), net of 5 bps costs.',
    );
    expect(l.replies[0]!.code).toMatch(/1\s+momentum-252\s+0\.39\s/);
    const rec = await ask('what do you recommend for SPX?');
    expect(rec.replies[0]!.text).toBe(
      'Recommendation for SPX as of the close of 2020-04-17: the 2 best of 2 models by Sharpe over 2017-04-18..2020-04-17, net of 5 bps costs:',
    );
    expect(rec.replies[1]!.text).toMatch(/No top pick/);
  });

  it('subscribes and unsubscribes the chat', async () => {
    const chatId = 'subs';
    // the user's own chat (a Telegram private chat's id is the user's); in a group, subscribing is an admin's
    const say = (text: string) => app.agent.handle({ platform: 'telegram', chatId, userId: chatId, text });
    expect((await say('subscribe me to the daily report')).replies[0]!.text).toBe('This chat now receives the daily report. /unsubscribe daily stops it.');
    expect((await say('/subscribe daily')).replies[0]!.text).toBe('This chat already receives the daily report.');
    expect(await app.services.subscriptions!.topicsOf({ platform: 'telegram', chatId })).toEqual(['daily']);
    expect((await say('unsubscribe from the daily report')).replies[0]!.text).toBe('This chat no longer receives the daily report.');
    const inGroup = await app.agent.handle({ platform: 'telegram', chatId: '-100', userId: '1', text: '/subscribe alerts' });
    expect(inGroup.replies[0]!.text).toBe('/subscribe needs an admin, and telegram:1 is a viewer. An admin can grant it with /role add telegram:1 admin.');
  });
});
