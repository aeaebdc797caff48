// Alerts per chat and per kind (/notify): `off` queues nothing for the chat, `silent` reaches Telegram with
// disable_notification, `on` as usual; the settings are in the database, so a restarted notifier keeps them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Telegram } from 'telegraf';
import { OutboxNotifier } from '../../src/bots/notifier/outbox-notifier.ts';
import { TELEGRAM_LIMITS } from '../../src/bots/notifier/platform-pacer.ts';
import { CallbackDataBook } from '../../src/bots/telegram/callback-data-book.ts';
import { TelegramSender } from '../../src/bots/telegram/telegram-sender.ts';
import { wallClock } from '../../src/engine/clock.ts';
import { AlertSettingsStore } from '../../src/engine/notify/alert-settings-store.ts';
import { alertOf } from '../../src/engine/notify/event-text.ts';
import { OutboxStore } from '../../src/engine/notify/outbox-store.ts';
import { SubscriptionStore } from '../../src/engine/notify/subscription-store.ts';
import type { Fill, Order } from '../../src/engine/trader/trader-service.ts';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-server.ts';
import { openTestDb, type TestDb } from '../support/test-db.ts';

let db: TestDb;
let tg: TelegramFake;

beforeAll(async () => {
  db = await openTestDb();
  tg = await startTelegramFake();
});
afterAll(async () => {
  await tg?.close();
  await db?.close();
});

function notifier(): OutboxNotifier {
  const channel = new TelegramSender(new Telegram(tg.token, { apiRoot: tg.apiRoot }), tg.token, new CallbackDataBook());
  return new OutboxNotifier({
    outbox: new OutboxStore(db.db),
    subscriptions: new SubscriptionStore(db.db),
    channels: [{ channel, limits: TELEGRAM_LIMITS }],
    clock: wallClock,
    alertSettings: new AlertSettingsStore(db.db),
  });
}

function fillEvent(id: number, qty: number, filled: number) {
  const order = { id, qty, clientOrderId: `c${id}`, symbol: 'SPX', side: 'buy', type: 'market', status: filled < qty ? 'partially_filled' : 'filled' } as Order;
  const fill = { orderId: id, clientOrderId: `c${id}`, symbol: 'SPX', side: 'buy', qty: filled, price: 2874.56, commission: 0, realizedPnl: 0, barDate: '2020-04-17', filledAt: new Date().toISOString() } as Fill;
  return alertOf({ type: 'fill', fill, order, cumulativeQty: filled });
}

describe('alert settings per chat', () => {
  it('delivers on, silent and off as each chat chose, and keeps the choice across a restart', async () => {
    const subs = new SubscriptionStore(db.db);
    const settings = new AlertSettingsStore(db.db);
    for (const chatId of ['101', '102', '103']) await subs.subscribe({ platform: 'telegram', chatId }, 'alerts');
    await settings.set({ platform: 'telegram', chatId: '102' }, 'fill', 'silent', new Date());
    await settings.set({ platform: 'telegram', chatId: '103' }, 'all', 'off', new Date());

    const first = notifier();
    await first.start();
    await first.notify('alerts', fillEvent(1, 5, 5));
    await first.idle();
    await first.stop();
    expect(tg.sentTo('101').map((s) => [s.plain.slice(0, 21), s.silent])).toEqual([['Fill: bought 5 SPX at', false]]);
    expect(tg.sentTo('102').map((s) => s.silent)).toEqual([true]);
    expect(tg.sentTo('103')).toEqual([]);

    // A restart: a new notifier on the same database. A partial fill is silent by default, so chat 101 hears nothing.
    const second = notifier();
    await second.start();
    await second.notify('alerts', fillEvent(2, 10, 4));
    await second.idle();
    await second.stop();
    expect(tg.sentTo('101').map((s) => s.silent)).toEqual([false, true]);
    expect(tg.sentTo('102').map((s) => s.silent)).toEqual([true, true]);
    expect(tg.sentTo('103')).toEqual([]);
  });
});
