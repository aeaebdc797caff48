// /watch: the autopilot's symbols from chat, listed, added and removed with a confirmation, persisted; a symbol with
// no data, only stale data and no provider, or outside the allowed symbols is refused with the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEmbeddedSpx } from '../../src/engine/data/embedded-seed.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
const clock = new ManualClock(Date.UTC(2020, 3, 20, 15, 0)); // SPX's last close, 2020-04-17, is fresh

async function say(text: string): Promise<string> {
  const r = await app.agent.handle({ platform: 'console', chatId: 'watch', userId: 'local', text });
  return r.replies.map((x) => x.text).join('\n');
}

beforeAll(async () => {
  app = await createTestApp({}, { clock, withTrading: true });
  const spx = readEmbeddedSpx();
  // QQQ: the same daily bars as SPX (fresh); OLD: daily bars that end in 2014 (stale, and no provider is configured)
  await app.bars.upsertBars('QQQ', '1d', 'csv', spx);
  await app.bars.upsertBars('OLD', '1d', 'csv', spx.filter((b) => b.time < Date.UTC(2015, 0, 1)));
}, 60_000);
afterAll(async () => app?.close());

describe('/watch', () => {
  it('lists, refuses what it cannot trade with the reason, and adds and removes with a confirmation', async () => {
    expect(await say('/watch')).toBe('The autopilot trades SPX; it is off. /watch add SYMBOL or /watch remove SYMBOL changes them.');
    expect(await say('/watch add ORCL')).toMatch(/^There is no data for Oracle \(ORCL\)/);
    expect(await say('/watch add OLD')).toMatch(/^The newest OLD bar is 2014-12-31, .* old, and no data provider is configured .*; nothing was added\./);
    expect(await say('/watch add AAPL')).toMatch(/^The autopilot trades daily bars, and AAPL has none stored; nothing was added\./);

    expect(await say('/watch add QQQ')).toMatch(/^Please confirm: add QQQ to the autopilot's symbols/);
    expect(await say('yes')).toBe('The autopilot now trades SPX, QQQ (added QQQ).');
    expect(await say('/watch remove SPX')).toMatch(/^Please confirm: remove SPX from the autopilot's symbols/);
    expect(await say('yes')).toBe('The autopilot now trades QQQ (removed SPX).');
    expect(await say('/watch remove QQQ')).toBe('The autopilot needs at least one symbol, so nothing was removed; /autopilot off stops it instead.');
    // kept in the database: a new reading sees it
    expect(await app.services.autopilot!.symbols()).toEqual(['QQQ']);
  });

  it('refuses a symbol outside the allowed symbols of the risk limits', async () => {
    await say('/limits symbols=QQQ');
    await say('yes');
    expect(await say('/watch add SPX')).toBe('SPX is not in the allowed symbols (QQQ); nothing was added. /limits symbols=... changes them.');
  });
});
