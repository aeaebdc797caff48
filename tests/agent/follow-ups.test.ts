// Follow-ups through the real core: a follow-up inherits only what it does not name itself, and only from the chat's
// last request; "the best one" needs a ranking just before it; a refused request is still the one a follow-up means.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/agent/chat-message.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let n = 0;

/** A fresh chat: each message in turn, returning every result. */
async function chat(...texts: string[]) {
  const chatId = `fu${++n}`;
  const out = [];
  for (const text of texts) out.push(await app.agent.handle({ platform: 'console', chatId, userId: 'local', text } satisfies ChatMessage));
  return out;
}

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('follow-ups that must inherit', () => {
  it('"what about msft" after a refused momentum backtest on AAPL asks the same backtest of MSFT', async () => {
    const [first, second] = await chat('aapl backtest momentum', 'what about msft');
    expect(first!.intent).toEqual({ name: 'backtest', args: { model: 'momentum-252', symbol: 'AAPL' } });
    expect(first!.replies[0]!.text).toMatch(/^momentum-252 needs 253 bars of history; AAPL has 123/);
    expect(second!.intent).toEqual({ name: 'backtest', args: { model: 'momentum-252', symbol: 'MSFT' } });
    expect(second!.replies[0]!.text).toMatch(/^momentum-252 needs 253 bars of history; MSFT has 123/);
  });

  it('a new model keeps the last backtest\'s symbol and window', async () => {
    const [, second] = await chat('/backtest sma-cross-20-50 SPX 2010-01-01 2015-12-31', 'what about rsi');
    expect(second!.intent).toEqual({ name: 'backtest', args: { model: 'rsi-14-30-70', symbol: 'SPX', from: '2010-01-01', to: '2015-12-31' } });
    expect(second!.replies[0]!.text).toMatch(/^Backtest of rsi-14-30-70 on SPX, 2010-01-04\.\.2015-12-31 \(\d+ daily bars\)\./);
  });

  it('"explain the garch model" after a backtest shows the card, not a forecast', async () => {
    const [, second] = await chat('/backtest sma-cross-20-50 SPX', 'explain the garch model');
    expect(second!.intent).toEqual({ name: 'model', args: { model: 'garch-1-1' } });
    expect(second!.replies[0]!.text).toMatch(/^garch-1-1: GARCH\(1,1\)/);
  });
});

describe('follow-ups that must not inherit', () => {
  it('"backtest the best one" takes only the model from the last ranking, never an older window', async () => {
    // The ranking comes from a recommendation, which needs measured models: evaluate two first.
    const [, , , best] = await chat(
      '/backtest rsi-14-30-70 SPX 2005-01-01 2008-12-31',
      '/evaluate models=sma-cross-20-50,ema-cross-12-26 symbols=SPX',
      '/recommend SPX',
      'backtest the best one',
    );
    expect(best!.intent?.name).toBe('backtest');
    expect(best!.intent?.args).not.toHaveProperty('from');
    expect(best!.intent?.args).not.toHaveProperty('to');
    expect(['sma-cross-20-50', 'ema-cross-12-26']).toContain(best!.intent?.args.model);
    expect(best!.replies[0]!.text).toMatch(/^Backtest of (?:sma|ema)-cross-\S+ on SPX, 2000-01-03\.\.2020-04-17/);
  }, 120_000);

  it('"backtest the best one" with no ranking just before asks which ranking, with buttons', async () => {
    const [, , best] = await chat('/backtest rsi-14-30-70 SPX 2005-01-01 2008-12-31', '/regime SPX', 'backtest the best one');
    expect(best!.replies[0]!.text).toMatch(/^Best by which ranking\?/);
    expect(best!.replies[0]!.buttons?.map((b) => b.data)).toEqual(['/leaderboard SPX', '/recommend SPX']);
  });

  it('a backtest after another kind of question does not reuse the old model or window', async () => {
    const [, , third] = await chat('/backtest rsi-14-30-70 SPX 2005-01-01 2008-12-31', '/regime SPX', 'backtest on aapl');
    expect(third!.intent).toEqual({ name: 'backtest', args: { symbol: 'AAPL' } });
    expect(third!.replies[0]!.text).toMatch(/^Which model should I backtest on AAPL\?/);
  });

  it('a new symbol does not take the old window', async () => {
    const [, second] = await chat('/backtest sma-cross-20-50 SPX 2010-01-01 2015-12-31', 'now on amzn');
    expect(second!.intent).toEqual({ name: 'backtest', args: { model: 'sma-cross-20-50', symbol: 'AMZN' } });
  });

  it('"backtest lstm" after listing LSTM models does not backtest the previous model', async () => {
    const [, , third] = await chat('/backtest sma-cross-5-20 SPX', '/models search=lstm', 'backtest lstm on spx since 2015');
    expect(third!.intent).toBeNull();
    expect(third!.replies[0]!.text).toMatch(/^"lstm" names 2 models/);
    expect(third!.replies[0]!.buttons?.[0]?.data).toBe('/predict SPX nn-lstm-4-lags5');
  });

  it('a bare "no" with nothing pending is a short answer, not a list of suggestions', async () => {
    const [r] = await chat('no');
    expect(r!.replies.map((x) => x.text)).toEqual(['OK. Nothing is waiting for a confirmation, so there was nothing to cancel.']);
  });

  it('"/autopilot on ORCL" never switches on for other symbols silently', async () => {
    const [r] = await chat('/autopilot on ORCL');
    expect(r!.intent?.args).toMatchObject({ state: 'on', symbols: ['ORCL'] });
    expect(r!.replies[0]!.text).not.toMatch(/^Please confirm: switch the autopilot on\.?/);
  });
});

describe('answers in chat words', () => {
  it('"set max position to 10%" proposes the limit change', async () => {
    const [r] = await chat('set max position to 10%');
    expect(r!.intent).toEqual({ name: 'limits', args: { symbolWeight: 0.1 } });
    // The test app has no trader, so it says so; what matters is that the change was understood, not /positions.
    expect(r!.replies[0]!.text).not.toMatch(/position/i);
  });

  it('never shows the validator\'s words, and says dates backwards in chat words', async () => {
    const [zero, backwards] = await chat('/buy SPX 0', '/backtest sma-cross-20-50 SPX 2020-01-01 2015-01-01');
    expect(zero!.replies[0]!.text).toBe('qty=0: the quantity must be a positive number of shares (to sell, use /sell). Type it like this: /buy SYMBOL QTY [LIMIT] [stop P] [tp P] [sl P] [trail N%] [day|gtc].');
    expect(backwards!.replies[0]!.text).toBe('The start date 2020-01-01 is after the end date 2015-01-01: give the earlier date first, e.g. 2015-01-01 2020-01-01.');
  });

  it('buy-and-hold is not compared with itself', async () => {
    const [r] = await chat('backtest buy and hold on spx');
    expect(r!.replies[0]!.code).not.toMatch(/buy-and-hold\s+buy-and-hold/);
    expect(r!.replies[1]!.text).toMatch(/^Holding SPX returned 97\.53% \(3\.42% a year\)/);
    expect(r!.replies[1]!.text).not.toMatch(/% against \d/);
  });

  it('"is spx overbought" reads the RSI now, with the bar\'s date', async () => {
    const [r] = await chat('is spx overbought');
    expect(r!.replies[0]!.text).toMatch(/^RSI\(14\) of SPX on its newest daily bar, 2020-04-17: \d+\.\d, /);
    expect(r!.replies[0]!.text).toMatch(/rsi-14-30-70 \(buy below 30, sell above 70\) is (?:long|out of the market) after that close\./);
  });
});
