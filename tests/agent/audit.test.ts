// The audit log through the real core: an action asked for, confirmed (with its order id), cancelled, refused by role
// or answered by someone else is written once each, newest first in /audit; only admins read it; the autopilot's
// orders are written as who=autopilot; the database refuses to change or delete a row.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/agent/chat-message.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const clock = new ManualClock(Date.parse('2020-04-16T18:00:00Z'));
let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({ MLTRAINER_ROLES: 'admin:telegram:1', MLTRAINER_ALLOWED_USERS: 'telegram:2' }, { clock, withTrading: true });
}, 120_000);
afterAll(async () => {
  await app?.autopilot?.stop();
  await app?.close();
});

const msg = (userId: string, text: string, chatId = userId, callbackData?: string): ChatMessage => ({
  platform: 'telegram',
  chatId,
  userId,
  text,
  ...(callbackData ? { callbackData } : {}),
});
const say = (userId: string, text: string, chatId = userId, callbackData?: string) => app.agent.handle(msg(userId, text, chatId, callbackData));
const rows = () => app.services.audit.recent(200);

describe('the audit log', () => {
  it('writes an action when asked for, when done (with its order ids), and each refusal', async () => {
    const ask = await say('2', '/buy SPX 2', 'group-1');
    const [confirm] = ask.replies[0]!.buttons!.map((b) => b.data);
    await say('3', '', 'group-1', confirm); // someone else's press
    clock.advance(1_000);
    await say('2', '', 'group-1', confirm);
    clock.advance(1_000);
    await say('3', '/buy SPX 1'); // a viewer
    clock.advance(1_000);
    await say('2', '/halt');
    await say('2', 'no');
    clock.advance(1_000);
    await say('2', '/positions'); // a read: not written

    const log = await rows();
    expect(log.map((r) => [r.who, r.chatId, r.intent, r.outcome])).toEqual([
      ['telegram:2', '2', 'halt', 'cancelled'],
      ['telegram:2', '2', 'halt', 'pending'],
      ['telegram:3', '3', 'buy', 'refused'],
      ['telegram:2', 'group-1', 'buy', 'ok'],
      ['telegram:3', 'group-1', 'buy', 'refused'],
      ['telegram:2', 'group-1', 'buy', 'pending'],
    ]);
    const done = log[3]!;
    const [order] = await app.trader!.listOrders('all');
    expect(done.args).toEqual({ symbol: 'SPX', qty: 2 });
    expect(done.orderIds).toEqual([String(order!.id)]);
    expect(done.platform).toBe('telegram');
    expect(done.at.toISOString()).toBe('2020-04-16T18:00:01.000Z');
    expect(log[2]!.reason).toBe('/buy needs a trader, and telegram:3 is a viewer. An admin can grant it with /role add telegram:3 trader.');
    expect(log[4]!.reason).toBe('Only telegram:2 can confirm or cancel this: buy 2 SPX at market (at about 2,874.56 a share, the close of 2020-04-17, a notional of about 5,749.12).');
  });

  it('/audit is for admins: a trader is refused (and that is written); an admin reads it newest first', async () => {
    const refused = await say('2', '/audit');
    expect(refused.replies[0]!.text).toBe('/audit needs an admin, and telegram:2 is a trader. An admin can grant it with /role add telegram:2 admin.');
    expect((await rows())[0]).toMatchObject({ who: 'telegram:2', intent: 'audit', outcome: 'refused' });

    const shown = (await say('1', '/audit')).replies[0]!.text.split('\n');
    expect(shown[0]).toBe('Audit log, newest first (7; times UTC):');
    expect(shown[1]).toBe('04-16 18:00 telegram:2 /audit: refused (/audit needs an admin, and telegram:2 is a trader. An admin…)');
    expect(shown[2]).toMatch(/^04-16 18:00 telegram:2 \/halt: cancelled \(Cancelled: halt trading/);
    expect(shown).toContain(`04-16 18:00 telegram:2 /buy SPX 2: ok #${(await app.trader!.listOrders('all'))[0]!.id}`);
    const two = (await say('1', '/audit 2')).replies[0]!.text.split('\n');
    expect(two).toHaveLength(3);
  });

  it('role changes are written', async () => {
    await say('1', '/role add telegram:5 trader');
    await say('1', 'yes');
    const [last] = await rows();
    expect(last).toMatchObject({ who: 'telegram:1', intent: 'role', args: { action: 'add', user: 'telegram:5', role: 'trader' }, outcome: 'ok' });
  });

  it('is append-only in the database', async () => {
    await expect(app.db.db.execute(sql`update audit_log set outcome = 'ok'`)).rejects.toThrow();
    await expect(app.db.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    expect((await rows()).length).toBeGreaterThan(0);
  });

  it('writes the autopilot\'s orders as who=autopilot', async () => {
    await app.agent.handle({ platform: 'console', chatId: 'console', userId: 'local', text: '/autopilot on' });
    await app.agent.handle({ platform: 'console', chatId: 'console', userId: 'local', text: 'yes' });
    // 16:00 New York (EDT) is 20:00 UTC; the loop decides 30 minutes later.
    clock.set(Date.parse('2020-04-16T20:31:00Z'));
    await app.autopilot!.tick();
    const orders = (await app.trader!.listOrders('all')).filter((o) => o.origin === 'autopilot');
    const written = (await rows()).filter((r) => r.who === 'autopilot');
    expect(orders.length).toBeGreaterThan(0);
    expect(written.map((r) => r.orderIds[0]).sort()).toEqual(orders.map((o) => String(o.id)).sort());
    expect(written[0]).toMatchObject({ platform: 'autopilot', chatId: null, outcome: 'ok', args: { symbol: 'SPX', session: '2020-04-16' } });
    const shown = (await say('1', '/audit 3')).replies[0]!.text;
    expect(shown).toMatch(/^04-16 20:31 autopilot (buy|sell) SPX [\d.]+ session=2020-04-16: ok #\d+$/m);
  }, 120_000);
});
