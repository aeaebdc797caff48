// Actions need an allowed user and a confirmation: a "yes" reply or a Confirm button runs the action once (with the
// real paper trader on the test database); a second confirmation does nothing; others are refused; requests expire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MlAgent } from '../../src/agent/agent.ts';
import type { ChatMessage } from '../../src/agent/chat-message.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { MemoryNotifier } from '../../src/engine/notify/notifier.ts';
import { createTraderService } from '../../src/engine/trader/create-trader-service.ts';
import type { TraderService } from '../../src/engine/trader/trader-service.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let agent: MlAgent;
let trader: TraderService;
const clock = new ManualClock(Date.UTC(2020, 3, 20, 15, 0));

const tg = (text: string, userId = '42', extra: Partial<ChatMessage> = {}): ChatMessage => ({ platform: 'telegram', chatId: 'room-1', userId, text, ...extra });

beforeAll(async () => {
  app = await createTestApp({ MLTRAINER_ALLOWED_USERS: 'telegram:42,slack:U1' }, { clock });
  trader = await createTraderService({ db: app.db.db, bars: app.bars, clock, notifier: new MemoryNotifier() });
  agent = new MlAgent({ ...app.services, trader });
});

afterAll(async () => {
  await trader?.close();
  await app?.close();
});

describe('confirmation of actions', () => {
  it('refuses a viewer, without storing anything to confirm', async () => {
    const r = await agent.handle(tg('buy 5 SPX', '999'));
    expect(r.intent).toEqual({ name: 'buy', args: { symbol: 'SPX', qty: 5 } });
    expect(r.replies[0]!.text).toBe('/buy needs a trader, and telegram:999 is a viewer. An admin can grant it with /role add telegram:999 trader.');
    expect(r.replies[0]!.buttons).toBeUndefined();
    const yes = await agent.handle(tg('yes', '999'));
    expect(yes.replies[0]!.text).toBe('There is nothing waiting for a confirmation.');
    expect(await trader.listOrders('all')).toHaveLength(0);
  });

  it('asks to confirm, runs the order once on "yes", and a second "yes" does nothing', async () => {
    const ask = await agent.handle(tg('buy 5 shares of SPX'));
    expect(ask.intent).toEqual({ name: 'buy', args: { symbol: 'SPX', qty: 5 } });
    // The quantity, the price the order will use and its notional.
    expect(ask.replies[0]!.text).toMatch(/^Please confirm: buy 5 SPX at market \(at about 2,874\.56 a share, the close of 2020-04-17, a notional of about 14,372\.80\)\./);
    expect(ask.replies[0]!.buttons!.map((b) => b.label)).toEqual(['Confirm', 'Cancel']);
    expect(ask.replies[0]!.buttons![0]!.data).toMatch(/^confirm:[0-9a-f]{12}$/);
    expect(await trader.listOrders('all')).toHaveLength(0);

    const done = await agent.handle(tg('yes'));
    expect(done.intent).toEqual({ name: 'buy', args: { symbol: 'SPX', qty: 5 } });
    expect(done.replies[0]!.text).toContain('buy 5 SPX market, filled at 2,874.56');
    expect(done.replies[0]!.text).toContain('Filled 5 at 2,874.56 (the close of 2020-04-17)');

    const again = await agent.handle(tg('yes'));
    expect(again.replies[0]!.text).toBe('There is nothing waiting for a confirmation.');
    const positions = await trader.positions();
    expect(positions.map((p) => [p.symbol, p.qty])).toEqual([['SPX', 5]]);
    expect(await trader.listOrders('all')).toHaveLength(1);
  });

  it('runs on the Confirm button once; a second press of the same button does nothing', async () => {
    const ask = await agent.handle(tg('sell 2 SPX'));
    const confirm = ask.replies[0]!.buttons![0]!.data;
    const press = () => agent.handle(tg('', '42', { callbackData: confirm }));
    const done = await press();
    expect(done.intent).toEqual({ name: 'sell', args: { symbol: 'SPX', qty: 2 } });
    expect(done.replies[0]!.text).toContain('Filled 2 at 2,874.56');
    const twice = await press();
    expect(twice.intent).toBeNull();
    expect(twice.replies[0]!.text).toBe('That request was already handled or has expired; nothing was done.');
    expect((await trader.positions()).map((p) => p.qty)).toEqual([3]);
  });

  it('cancels on the Cancel button or a "no", and lets a request expire', async () => {
    const ask = await agent.handle(tg('/halt'));
    const cancel = ask.replies[0]!.buttons![1]!.data;
    const r = await agent.handle(tg('', '42', { callbackData: cancel }));
    expect(r.replies[0]!.text).toBe('Cancelled: halt trading (cancel open orders, refuse new ones) until /resume. Nothing was done.');
    expect(await trader.isHalted()).toBe(false);

    await agent.handle(tg('close all positions'));
    const no = await agent.handle(tg('no'));
    expect(no.replies[0]!.text).toBe('Cancelled: close every position (sell 3 SPX at about 2,874.56 a share, the close of 2020-04-17, a notional of about 8,623.68). Nothing was done.');

    await agent.handle(tg('buy 1 SPX'));
    clock.advance(6 * 60_000);
    const late = await agent.handle(tg('yes'));
    expect(late.replies[0]!.text).toBe('That confirmation expired (a request waits 5 minutes); nothing was done: buy 1 SPX at market (at about 2,874.56 a share, the close of 2020-04-17, a notional of about 2,874.56). Ask again to do it.');
    expect((await trader.positions()).map((p) => p.qty)).toEqual([3]);
  });

  it('trusts the console, and reports the confirmed intent', async () => {
    const consoleMsg = (text: string): ChatMessage => ({ platform: 'console', chatId: 'console', userId: 'local', text });
    await agent.handle(consoleMsg('halt trading'));
    const done = await agent.handle(consoleMsg('y'));
    expect(done.intent).toEqual({ name: 'halt', args: {} });
    expect(done.replies[0]!.text).toBe('Trading is halted: open orders cancelled, no new orders until /resume.');
    expect(await trader.isHalted()).toBe(true);
  });

  it('says trading is not available when no trader is wired, without asking to confirm', async () => {
    const r = await app.agent.handle(tg('buy 5 SPX'));
    expect(r.replies[0]!.text).toMatch(/^Trading is not available here/);
    expect(r.replies[0]!.buttons).toBeUndefined();
  });
});
