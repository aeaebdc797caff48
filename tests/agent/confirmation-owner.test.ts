// A pending confirmation belongs to the user who asked: in a group or channel, anyone else's button press or typed
// "yes"/"no" is refused by name and leaves it pending; the owner then confirms and it runs once. Requests expire
// after a stated time, and a vague follow-up never puts an action up again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MlAgent } from '../../src/agent/agent.ts';
import type { ChatMessage } from '../../src/agent/chat-message.ts';
import { CONFIRMATION_TTL_MS } from '../../src/engine/chat/confirmation-store.ts';
import { MemoryNotifier } from '../../src/engine/notify/notifier.ts';
import { createTraderService } from '../../src/engine/trader/create-trader-service.ts';
import type { TraderService } from '../../src/engine/trader/trader-service.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let agent: MlAgent;
let trader: TraderService;
const clock = new ManualClock(Date.UTC(2020, 3, 20, 15, 0));
let room = 0;

/** A message in a group chat (Telegram) or a channel (Slack) from one user. */
const from = (platform: 'telegram' | 'slack', chatId: string, userId: string) => (text: string, callbackData?: string): ChatMessage => ({
  platform,
  chatId,
  userId,
  text,
  ...(callbackData ? { callbackData } : {}),
});

beforeAll(async () => {
  app = await createTestApp({ MLTRAINER_ALLOWED_USERS: 'telegram:42,telegram:43,slack:U1,slack:U2' }, { clock });
  trader = await createTraderService({ db: app.db.db, bars: app.bars, clock, notifier: new MemoryNotifier() });
  agent = new MlAgent({ ...app.services, trader });
});

afterAll(async () => {
  await trader?.close();
  await app?.close();
});

const spxQty = async () => (await trader.positions()).find((p) => p.symbol === 'SPX')?.qty ?? 0;

describe('confirmations belong to their requester', () => {
  it('a second allowed user cannot confirm the first one\'s /buy by button or by "yes"; the owner then can, once', async () => {
    const chat = `group-${++room}`;
    const owner = from('telegram', chat, '42');
    const other = from('telegram', chat, '43');
    const before = await spxQty();
    const ask = await agent.handle(owner('/buy SPX 2'));
    expect(ask.replies[0]!.text).toMatch(/^Please confirm: buy 2 SPX at market \(at about 2,874\.56 a share.*\)\. .*valid for 5 minutes/);
    const [confirm] = ask.replies[0]!.buttons!.map((b) => b.data);

    const pressed = await agent.handle(other('', confirm));
    expect(pressed.replies[0]!.text).toBe('Only telegram:42 can confirm or cancel this: buy 2 SPX at market (at about 2,874.56 a share, the close of 2020-04-17, a notional of about 5,749.12).');
    const typed = await agent.handle(other('yes'));
    expect(typed.replies[0]!.text).toBe('Only telegram:42 can confirm or cancel this: buy 2 SPX at market (at about 2,874.56 a share, the close of 2020-04-17, a notional of about 5,749.12).');
    expect(await spxQty()).toBe(before);

    const done = await agent.handle(owner('', confirm));
    expect(done.intent).toEqual({ name: 'buy', args: { symbol: 'SPX', qty: 2 } });
    expect(done.replies[0]!.text).toContain('Filled 2 at 2,874.56');
    expect(await spxQty()).toBe(before + 2);
    const again = await agent.handle(owner('', confirm));
    expect(again.replies[0]!.text).toBe('That request was already handled or has expired; nothing was done.');
    expect(await spxQty()).toBe(before + 2);
  });

  it('an outsider\'s Cancel or "no" leaves a /halt pending; the owner\'s Confirm halts', async () => {
    const chat = `group-${++room}`;
    const owner = from('telegram', chat, '42');
    const outsider = from('telegram', chat, '999');
    const ask = await agent.handle(owner('/halt'));
    const [confirm, cancel] = ask.replies[0]!.buttons!.map((b) => b.data);
    const pressed = await agent.handle(outsider('', cancel));
    expect(pressed.replies[0]!.text).toMatch(/^Only telegram:42 can confirm or cancel this: halt trading/);
    const typed = await agent.handle(outsider('no'));
    expect(typed.replies[0]!.text).toMatch(/^Only telegram:42 can confirm or cancel this/);
    const tried = await agent.handle(outsider('', confirm));
    expect(tried.replies[0]!.text).toMatch(/^Only telegram:42 can/);
    expect(await trader.isHalted()).toBe(false);

    const done = await agent.handle(owner('', confirm));
    expect(done.replies[0]!.text).toBe('Trading is halted: open orders cancelled, no new orders until /resume.');
    expect(await trader.isHalted()).toBe(true);
    await trader.resume();
  });

  it('in a Slack channel, another user\'s "no" is refused and the owner\'s "no" cancels', async () => {
    const chat = `C${++room}`;
    const owner = from('slack', chat, 'U1');
    const other = from('slack', chat, 'U2');
    await agent.handle(owner('/halt'));
    const refused = await agent.handle(other('no'));
    expect(refused.replies[0]!.text).toBe('Only slack:U1 can confirm or cancel this: halt trading (cancel open orders, refuse new ones) until /resume.');
    const cancelled = await agent.handle(owner('no'));
    expect(cancelled.replies[0]!.text).toBe('Cancelled: halt trading (cancel open orders, refuse new ones) until /resume. Nothing was done.');
  });

  it('a press after the stated time says it expired and does nothing', async () => {
    const chat = `group-${++room}`;
    const owner = from('telegram', chat, '42');
    const before = await spxQty();
    const ask = await agent.handle(owner('buy 1 SPX'));
    const [confirm] = ask.replies[0]!.buttons!.map((b) => b.data);
    clock.advance(CONFIRMATION_TTL_MS + 1_000);
    const late = await agent.handle(owner('', confirm));
    expect(late.replies[0]!.text).toBe('That confirmation expired (a request waits 5 minutes); nothing was done: buy 1 SPX at market (at about 2,874.56 a share, the close of 2020-04-17, a notional of about 2,874.56). Ask again to do it.');
    const twice = await agent.handle(owner('yes'));
    expect(twice.replies[0]!.text).toBe('There is nothing waiting for a confirmation.');
    expect(await spxQty()).toBe(before);
  });
});

describe('a vague follow-up never puts an action up again', () => {
  const consoleChat = () => from('telegram', `dm-${++room}`, '42');

  it('"what about BRK.B" after /close SPX asks nothing to confirm', async () => {
    const me = consoleChat();
    await agent.handle(me('/buy SPX 1'));
    await agent.handle(me('yes'));
    await agent.handle(me('/close SPX'));
    const closed = await agent.handle(me('yes'));
    expect(closed.intent).toEqual({ name: 'close', args: { symbol: 'SPX' } });
    const follow = await agent.handle(me('what about BRK.B'));
    expect(follow.intent).toBeNull();
    expect(follow.replies[0]!.text).toBe('I do not repeat /close on a follow-up. To do it again, say it: /close SYMBOL|all. To ask about BRK.B, name what you want (for example /quote BRK.B or /positions).');
    expect(follow.replies[0]!.buttons).toBeUndefined();
  });

  it('"and now?" after /halt proposes no second halt', async () => {
    const me = consoleChat();
    await agent.handle(me('/halt'));
    await agent.handle(me('yes'));
    expect(await trader.isHalted()).toBe(true);
    const follow = await agent.handle(me('and now?'));
    expect(follow.replies.some((r) => /Please confirm/.test(r.text))).toBe(false);
    expect(follow.intent?.name).not.toBe('halt');
    await trader.resume();
  });

  it('a follow-up still re-runs a read with a new symbol', async () => {
    const me = consoleChat();
    await agent.handle(me('/regime SPX'));
    const follow = await agent.handle(me('what about AAPL'));
    expect(follow.intent).toEqual({ name: 'regime', args: { symbol: 'AAPL' } });
  });
});
