// Numbers typed in a chat are read exactly or refused with a sentence, by slash command and in plain English: the
// quantity table of issue 20 ("buy 1e-320 shares of AAPL" once proposed buy 320 AAPL), and a proposed order shows the
// quantity, the price it will use and the notional.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MlAgent } from '../../src/agent/agent.ts';
import type { ChatMessage } from '../../src/agent/chat-message.ts';
import { readChatNumber } from '../../src/agent/understand/chat-number.ts';
import { MemoryNotifier } from '../../src/engine/notify/notifier.ts';
import { createTraderService } from '../../src/engine/trader/create-trader-service.ts';
import type { TraderService } from '../../src/engine/trader/trader-service.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let agent: MlAgent;
let trader: TraderService;
const clock = new ManualClock(Date.UTC(2020, 3, 20, 15, 0));

const say = (text: string) => agent.handle({ platform: 'telegram', chatId: 'numbers', userId: '42', text } satisfies ChatMessage);
const USAGE = 'Type it like this: /buy SYMBOL QTY [LIMIT] [stop P] [tp P] [sl P] [trail N%] [day|gtc].';

beforeAll(async () => {
  app = await createTestApp({ MLTRAINER_ALLOWED_USERS: 'telegram:42' }, { clock });
  trader = await createTraderService({ db: app.db.db, bars: app.bars, clock, notifier: new MemoryNotifier() });
  agent = new MlAgent({ ...app.services, trader });
});

afterAll(async () => {
  await trader?.close();
  await app?.close();
});

/** Each typed quantity, and the sentence that refuses it (nothing is put up for confirmation). */
const REFUSED: [string, string][] = [
  ['1e-320', 'The quantity "1e-320" uses an exponent: write the number out in digits.'],
  ['1.5e3', 'The quantity "1.5e3" uses an exponent: write the number out in digits, like 1500.'],
  ['0x10', 'The quantity "0x10" is a hexadecimal number: write it in decimal digits, like 16.'],
  ['0b101', 'The quantity "0b101" is a binary number: write it in decimal digits, like 5.'],
  ['0o17', 'The quantity "0o17" is an octal number: write it in decimal digits, like 15.'],
  ['1/2', 'The quantity "1/2" is a fraction: write it as a decimal, like 0.5.'],
  ['2^64', 'The quantity "2^64" is a power: write the number out in digits.'],
  ['NaN', 'The quantity "NaN" is not a number: write one, like 10, 1,000 or 2.5.'],
  ['Infinity', 'The quantity "Infinity" is not a number: write one, like 10, 1,000 or 2.5.'],
  ['1,00', 'The quantity "1,00" has a comma that is not a thousands separator: write 1,000 for a thousand and 1.5 for one and a half.'],
  ['5%', 'The quantity "5%" is a percentage, and this takes a plain number.'],
  ['99999999999999999999', 'The quantity "99999999999999999999" has more digits than I can read exactly (at most 15): write a shorter number.'],
  ['-5', 'qty=-5: the quantity must be a positive number of shares (to sell, use /sell).'],
  ['0', 'qty=0: the quantity must be a positive number of shares (to sell, use /sell).'],
  ['0.0000001', 'qty=1e-7: the quantity must be at least 0.0001 shares, the smallest order I place.'],
  ['1.00005', 'qty=1.00005: the quantity must have at most 4 decimals (a ten-thousandth of a share is the smallest step).'],
];

describe('the quantity of an order', () => {
  it.each(REFUSED)('refuses /buy SPX %s with a sentence', async (typed, sentence) => {
    const r = await say(`/buy SPX ${typed}`);
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]!.text).toBe(`${sentence} ${USAGE}`);
    expect(r.replies[0]!.buttons).toBeUndefined();
  });

  it.each(REFUSED.filter(([t]) => t !== '-5' && t !== '0'))('refuses "buy %s shares of AAPL" in plain English', async (typed, sentence) => {
    const r = await say(`buy ${typed} shares of AAPL`);
    expect(r.intent?.name).toBe('buy');
    // A sentence is read in lower case ("nan" for NaN).
    expect(r.replies[0]!.text.toLowerCase()).toBe(`${sentence} ${USAGE}`.toLowerCase());
  });

  it('refuses a negative quantity in English rather than dropping its sign', async () => {
    const r = await say('buy -5 shares of SPX');
    expect(r.intent).toEqual({ name: 'buy', args: { symbol: 'SPX', qty: -5 } });
    expect(r.replies[0]!.text).toBe(`qty=-5: the quantity must be a positive number of shares (to sell, use /sell). ${USAGE}`);
  });

  it('reads thousands separators, signs and decimals exactly', async () => {
    // Each request is cancelled at once, so one confirmation at most is waiting.
    const read = async (text: string) => {
      const r = await say(text);
      if (r.replies[0]!.buttons) await say('no');
      return r.intent;
    };
    expect(await read('buy 1,000 shares of SPX')).toEqual({ name: 'buy', args: { symbol: 'SPX', qty: 1000 } });
    expect(await read('/buy SPX 1,000.5')).toEqual({ name: 'buy', args: { symbol: 'SPX', qty: 1000.5 } });
    expect(await read('/buy SPX +2')).toEqual({ name: 'buy', args: { symbol: 'SPX', qty: 2 } });
    expect(await read('/buy SPX .5')).toEqual({ name: 'buy', args: { symbol: 'SPX', qty: 0.5 } });
    expect(await read('buy 2.25 shares of SPX at $2,800.50')).toEqual({ name: 'buy', args: { symbol: 'SPX', qty: 2.25, limit: 2800.5 } });
    expect(await trader.listOrders('all')).toHaveLength(0);
  });

  it('refuses a limit price it cannot read exactly', async () => {
    expect((await say('/buy SPX 1 limit 2.8e3')).replies[0]!.text).toBe(`The limit price "2.8e3" uses an exponent: write the number out in digits, like 2800. ${USAGE}`);
    expect((await say('buy 1 share of SPX at 0x100')).replies[0]!.text).toBe(`The limit price "0x100" is a hexadecimal number: write it in decimal digits, like 256. ${USAGE}`);
  });

  it('shows the quantity, the price and the notional before an order, and fills exactly what was shown', async () => {
    const market = await say('/buy SPX 0.0001');
    expect(market.replies[0]!.text).toMatch(/^Please confirm: buy 0\.0001 SPX at market \(at about 2,874\.56 a share, the close of 2020-04-17, a notional of about 0\.29\)\./);
    const done = await say('yes');
    expect(done.replies[0]!.text).toContain('Filled 0.0001 at 2,874.56');
    expect((await trader.positions()).map((p) => [p.symbol, p.qty])).toEqual([['SPX', 0.0001]]);
    expect((await say('/positions')).replies[0]!.code).toMatch(/SPX\s+0\.0001\s/);

    const close = await say('/close SPX');
    expect(close.replies[0]!.text).toMatch(/^Please confirm: close the SPX position \(sell 0\.0001 SPX at about 2,874\.56 a share, the close of 2020-04-17, a notional of about 0\.29\)\./);
    await say('no');

    const limit = await say('/sell SPX 0.0001 limit 3,000.25');
    expect(limit.replies[0]!.text).toMatch(/^Please confirm: sell 0\.0001 SPX with a limit of 3,000\.25 \(a notional of at least 0\.30[^)]*\)\./);
    await say('no');
  });
});

describe('the one number reader', () => {
  it('reads plain forms exactly and never gives -0', () => {
    const ok = (t: string, percent = false) => readChatNumber(t, { percent });
    expect(ok('1,234,567.25')).toEqual({ ok: true, value: 1234567.25 });
    expect(ok('-0')).toEqual({ ok: true, value: 0 });
    expect(Object.is((ok('-0') as { value: number }).value, -0)).toBe(false);
    expect(ok('\u22123')).toEqual({ ok: true, value: -3 });
    expect(ok('$2,800')).toEqual({ ok: true, value: 2800 });
    expect(ok('12.5%', true)).toEqual({ ok: true, value: 0.125 });
    expect(ok('7%', true)).toEqual({ ok: true, value: 0.07 });
    expect(ok('999999999999999')).toEqual({ ok: true, value: 999999999999999 });
    for (const bad of ['', ' ', '.', '-', '1e5', '1E-320', '0x1F', '3/4', '2**3', '1,2345', 'abc', '1.2.3', 'inf', '-Infinity', '1 000']) {
      expect(readChatNumber(bad).ok, bad).toBe(false);
    }
  });
});
