// Every bad input gets a sentence, never the apology of an internal error: inherited object keys are not arguments,
// impossible dates and out-of-range ids never reach the database, NUL and lone surrogates are removed before anything
// is stored, and a window no query can take is said.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MlAgent } from '../../src/agent/agent.ts';
import type { ChatMessage } from '../../src/agent/chat-message.ts';
import { parseChatState } from '../../src/agent/chat-state.ts';
import { ChatMemoryStore } from '../../src/engine/chat/chat-memory-store.ts';
import { MemoryNotifier } from '../../src/engine/notify/notifier.ts';
import { createTraderService } from '../../src/engine/trader/create-trader-service.ts';
import type { TraderService } from '../../src/engine/trader/trader-service.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let agent: MlAgent;
let trader: TraderService;
const clock = new ManualClock(Date.UTC(2020, 3, 20, 15, 0));

const say = (text: string, chatId = 'bad') => agent.handle({ platform: 'console', chatId, userId: 'local', text } satisfies ChatMessage);
const APOLOGY = /Sorry, .*(?:went wrong|failed)/;

beforeAll(async () => {
  app = await createTestApp({}, { clock });
  trader = await createTraderService({ db: app.db.db, bars: app.bars, clock, notifier: new MemoryNotifier() });
  agent = new MlAgent({ ...app.services, trader });
});

afterAll(async () => {
  await trader?.close();
  await app?.close();
});

describe('arguments are the schema’s own keys', () => {
  it.each([
    ['/help constructor=1', '/help does not take constructor 1, so I did not run it rather than ignore that. Type it like this: /help [COMMAND].'],
    ['/status toString=x', '/status does not take toString x, so I did not run it rather than ignore that. Type it like this: /status.'],
    ['/backtest sma-cross-20-50 SPX hasOwnProperty=1', /^\/backtest does not take hasOwnProperty 1/],
    ['/buy SPX 1 valueOf=2', /^\/buy does not take valueOf 2/],
    ['/leaderboard SPX constructor=x', /^\/leaderboard does not take constructor x/],
  ])('%s', async (text, expected) => {
    const r = await say(text);
    if (typeof expected === 'string') expect(r.replies[0]!.text).toBe(expected);
    else expect(r.replies[0]!.text).toMatch(expected);
  });
});

describe('dates and numbers are checked before any query', () => {
  it.each([
    ['/why SPX 2020-02-30', 'date=2020-02-30: the date must be a real calendar date between 1970-01-01 and 2100-12-31, written YYYY-MM-DD. Type it like this: /why SYMBOL [DATE].'],
    ['/backtest sma-cross-20-50 SPX 2019-13-01', 'from=2019-13-01: the start date must be a real calendar date between 1970-01-01 and 2100-12-31, written YYYY-MM-DD. Type it like this: /backtest MODEL SYMBOL [FROM] [TO] [costBps=N].'],
    ['/backtest sma-cross-20-50 SPX 2010-01-01 2999-01-01', /^to=2999-01-01: the end date must be a real calendar date between 1970-01-01 and 2100-12-31/],
    ['backtest buy-and-hold on SPX since 1900', /^from=1900-01-01: the start date must be a real calendar date between 1970-01-01 and 2100-12-31/],
    ['/cancel 99999999999999999999', 'id=99999999999999999999: the order id must be one that /orders shows; order numbers go up to 9,007,199,254,740,991. Type it like this: /cancel ORDER_ID.'],
    ['/trades 1e9', 'The count "1e9" uses an exponent: write the number out in digits, like 1000000000. Type it like this: /trades [N].'],
    ['/trades 2.5', 'The count must be a whole number (you gave 2.5). Type it like this: /trades [N].'],
    ['my last 1e9 trades', /^The count "1e9" uses an exponent/],
    ['/profit 99999999999999999999', /^The number of days "99999999999999999999" has more digits than I can read exactly/],
    ['/limits positions=1e3', /^The largest number of open positions "1e3" uses an exponent/],
    ['how did SPX do in the last 99999999999999999999999 days', '"The last 99999999999999999999999 days" reaches back before 1970-01-01, the earliest date I work with. Ask for a shorter window, like the last 5 years.'],
    ['backtest sma-cross-20-50 on SPX over the last 80 years', /^"The last 80 years" reaches back before 1970-01-01/],
  ])('%s', async (text, expected) => {
    const r = await say(text);
    if (typeof expected === 'string') expect(r.replies[0]!.text).toBe(expected);
    else expect(r.replies[0]!.text).toMatch(expected);
  });

  it('reads a percentage for a fraction argument exactly, and refuses one it cannot', async () => {
    const r = await say('/limits symbolWeight=12.5%');
    expect(r.intent).toEqual({ name: 'limits', args: { symbolWeight: 0.125 } });
    await say('no');
    const english = await say('set max position to 7%');
    expect(english.intent).toEqual({ name: 'limits', args: { symbolWeight: 0.07 } });
    await say('no');
    expect((await say('set max position to 1e-320%')).replies[0]!.text).toMatch(/^The largest weight of one symbol "1e-320%" uses an exponent: write the number out in digits\./);
    expect((await say('what is the risk of SPX at 99.99999999999999999%')).replies[0]!.text).toMatch(
      /^The confidence level "99\.99999999999999999%" has more digits than I can read exactly \(at most 15\)/,
    );
  });

  it('never writes a negative zero it was given', async () => {
    expect((await say('/backtest sma-cross-20-50 SPX costBps=-0')).intent).toEqual({ name: 'backtest', args: { model: 'sma-cross-20-50', symbol: 'SPX', costBps: 0 } });
    expect((await say('cancel order #2.5')).replies[0]!.text).toBe('There is no order #2.5. /orders lists them with their ids.');
  });
});

describe('text is cleaned before it is read or stored', () => {
  it('removes NUL and lone surrogates, answers, and keeps the exchange in the history', async () => {
    const r = await say('/quote SP\u0000X\ud800', 'nul');
    expect(r.intent).toEqual({ name: 'quote', args: { symbol: 'SPX' } });
    expect(r.replies[0]!.text).toMatch(/^SPX 2,874\.56/);
    const lone = await say('what is the price of \udc00SPX?', 'nul');
    expect(lone.replies[0]!.text).not.toMatch(APOLOGY);
    const history = await new ChatMemoryStore(app.db.db, parseChatState).history({ platform: 'console', chatId: 'nul' });
    expect(history.map((h) => h.content).filter((_, i) => i % 2 === 0)).toEqual(['/quote SPX', 'what is the price of SPX?']);
  });
});
