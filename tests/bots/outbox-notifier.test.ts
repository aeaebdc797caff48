// The notifier: one alert fanned out through the persistent outbox to subscribed chats, within Telegram's and
// Slack's limits (checked on the times the loopback servers received each message), exactly once per chat, also
// across a graceful restart or a crash in the middle (only sends under way at the crash are given up, never resent);
// 429s waited out, blocked chats unsubscribed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { busiestSecond } from '../support/busiest-second.ts';
import { Telegram } from 'telegraf';
import { webApi } from '@slack/bolt';
import type { DeliveryChannel } from '../../src/bots/notifier/delivery-channel.ts';
import { OutboxNotifier, type NotifierChannel } from '../../src/bots/notifier/outbox-notifier.ts';
import { maxInFlight, SLACK_LIMITS, TELEGRAM_LIMITS } from '../../src/bots/notifier/platform-pacer.ts';
import { SlackSender } from '../../src/bots/slack/slack-sender.ts';
import { CallbackDataBook } from '../../src/bots/telegram/callback-data-book.ts';
import { TelegramSender } from '../../src/bots/telegram/telegram-sender.ts';
import { wallClock } from '../../src/engine/clock.ts';
import { outbox as outboxTable, subscriptions as subscriptionsTable } from '../../src/engine/db/schema/index.ts';
import { OutboxStore } from '../../src/engine/notify/outbox-store.ts';
import { SubscriptionStore } from '../../src/engine/notify/subscription-store.ts';
import { startSlackFake, type SlackFake } from '../fakes/slack-server.ts';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-server.ts';
import { openTestDb, type TestDb } from '../support/test-db.ts';

let db: TestDb;
let tg: TelegramFake;
let slack: SlackFake;
let outbox: OutboxStore;
let subs: SubscriptionStore;

beforeAll(async () => {
  db = await openTestDb();
  tg = await startTelegramFake();
  slack = await startSlackFake();
  outbox = new OutboxStore(db.db);
  subs = new SubscriptionStore(db.db);
});

afterAll(async () => {
  await tg?.close();
  await slack?.close();
  await db?.close();
});

beforeEach(async () => {
  await db.db.delete(outboxTable);
  await db.db.delete(subscriptionsTable);
  tg.reset();
  sendStarts.length = 0;
  slack.posted.length = 0;
  slack.calls.length = 0;
});

/**
 * When each Telegram send started, as the notifier issued it. The rate is judged on these: the fake server runs on
 * this process's event loop, so a long database call can hold requests back and stamp several arrivals together.
 */
const sendStarts: number[] = [];
const telegramChannel = () => {
  const channel = new TelegramSender(new Telegram(tg.token, { apiRoot: tg.apiRoot }), tg.token, new CallbackDataBook());
  const sendPart = channel.sendPart.bind(channel);
  channel.sendPart = (chatId, part) => {
    sendStarts.push(Date.now());
    return sendPart(chatId, part);
  };
  return { channel, limits: TELEGRAM_LIMITS };
};
const slackChannel = () => ({
  channel: new SlackSender(new webApi.WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } })),
  limits: SLACK_LIMITS,
});
const notifier = (channels: ReturnType<typeof telegramChannel | typeof slackChannel>[]) =>
  new OutboxNotifier({ outbox, subscriptions: subs, channels, clock: wallClock });

/**
 * A notifier process that can die on the spot, as a killed process does (no graceful stop): from the moment of death
 * nothing it does reaches the database or the chats, and no answer reaches it. Calls already on their way (an HTTP
 * request, a database statement) still land, as they would. It dies when its `dieAfterSends`th send has arrived,
 * before it can record that send.
 */
function mortalNotifier(channelOf: () => NotifierChannel, dieAfterSends: number) {
  let dead = false;
  let sends = 0;
  let lastChat = '';
  let onDeath: () => void = () => undefined;
  const died = new Promise<void>((resolve) => (onDeath = resolve));
  const never = new Promise<never>(() => undefined);
  const die = () => {
    dead = true;
    onDeath();
  };
  const underWay = new Set<Promise<unknown>>();
  /** An answer that arrives after death is never seen. */
  const afterwards = async <T>(work: () => Promise<T>): Promise<T> => {
    if (dead) return never;
    const call = work();
    underWay.add(call);
    try {
      const out = await call;
      return dead ? never : out;
    } catch (err) {
      if (dead) return never;
      throw err;
    } finally {
      underWay.delete(call);
    }
  };
  const mortal = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, prop) {
        const v = Reflect.get(t, prop, t) as unknown;
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => afterwards(async () => (v as (...a: unknown[]) => Promise<unknown>).apply(t, args));
      },
    });
  const { channel: real, limits } = channelOf();
  const channel: DeliveryChannel = {
    platform: real.platform,
    partsOf: (payload) => real.partsOf(payload),
    isGroup: (chatId) => real.isGroup(chatId),
    sendPart: (chatId, part) =>
      afterwards(async () => {
        await real.sendPart(chatId, part);
        lastChat = chatId;
        if (++sends === dieAfterSends) die();
      }),
  };
  const n = new OutboxNotifier({ outbox: mortal(outbox), subscriptions: mortal(subs), channels: [{ channel, limits }], clock: wallClock });
  /** Resolves when the statements and requests sent before death have landed: the state the crash left. */
  const landed = async () => void (await Promise.allSettled([...underWay]));
  return { notifier: n, died, die, landed, lastChat: () => lastChat };
}


/** The shortest gap between two messages to one chat, ms (Infinity with fewer than two). */
function shortestGap(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let gap = Infinity;
  for (let i = 1; i < t.length; i++) gap = Math.min(gap, t[i]! - t[i - 1]!);
  return gap;
}

describe('outbox notifier on Telegram', () => {
  it('fans one alert out to 200 chats within 30/s and 1/s per chat, exactly once each, across a restart', async () => {
    const chats = [...Array.from({ length: 180 }, (_, i) => 5000 + i), ...Array.from({ length: 20 }, (_, i) => -7000 - i)];
    for (const id of chats) await subs.subscribe({ platform: 'telegram', chatId: String(id) }, 'alerts');
    await subs.subscribe({ platform: 'telegram', chatId: '5000' }, 'daily');
    const alert = { eventKey: 'fill:ord-1', text: 'Filled: bought 10 SPY at 451.23 <paper>', code: 'qty  price\n 10  451.23' };

    const first = notifier([telegramChannel()]);
    await first.start();
    await first.notify('alerts', alert);
    await tg.waitFor((s) => s.length >= 60);
    await first.stop(); // the process goes away mid fan-out
    const beforeRestart = tg.sent.length;
    expect(beforeRestart).toBeLessThan(200);

    const second = notifier([telegramChannel()]);
    await second.start();
    await second.notify('alerts', alert); // the engine emits the same event again after its own restart
    await second.idle();
    await second.stop();

    const byChat = new Map<string, number[]>();
    for (const s of tg.sent) byChat.set(s.chatId, [...(byChat.get(s.chatId) ?? []), s.at]);
    expect(byChat.size).toBe(200);
    for (const id of chats) expect(byChat.get(String(id))).toHaveLength(1);
    expect(tg.sent[0]!.plain).toBe('Filled: bought 10 SPY at 451.23 <paper>\nqty  price\n 10  451.23');
    expect(busiestSecond(sendStarts)).toBeLessThanOrEqual(30);
    expect(await outbox.counts()).toEqual({ pending: 0, sending: 0, sent: 200, failed: 0 });
  });

  it('loses nothing when the process is killed mid fan-out: only sends in flight at the crash are given up, none resent', async () => {
    const chats = [...Array.from({ length: 180 }, (_, i) => 5000 + i), ...Array.from({ length: 20 }, (_, i) => -7000 - i)];
    for (const id of chats) await subs.subscribe({ platform: 'telegram', chatId: String(id) }, 'alerts');
    const alert = { eventKey: 'fill:ord-9', text: 'Filled: bought 10 SPY at 451.23' };
    // Rows can be claimed (`sending`) only inside an overall send slot, so no more than this many are ever ambiguous.
    const bound = maxInFlight(TELEGRAM_LIMITS);
    expect(bound).toBeLessThanOrEqual(30);

    const first = mortalNotifier(telegramChannel, 60);
    await first.notifier.start();
    await first.notifier.notify('alerts', alert);
    await first.died; // killed right after its 60th message arrived, before it could record it
    await first.landed();
    const atCrash = await outbox.counts();
    expect(atCrash.pending + atCrash.sending + atCrash.sent).toBe(200);
    expect(atCrash.sending).toBeGreaterThanOrEqual(1); // at least the 60th, sent but never recorded
    expect(atCrash.sending).toBeLessThanOrEqual(bound); // the chats still waiting for a slot are pending, not claimed
    const sentAtCrash = tg.sent.length;
    expect(sentAtCrash).toBeGreaterThanOrEqual(60);
    expect(sentAtCrash).toBeLessThanOrEqual(atCrash.sent + atCrash.sending);

    const second = notifier([telegramChannel()]); // the restart: same database, same start-up path
    await second.start();
    await second.notify('alerts', alert); // the engine emits the same event again after its own restart
    await second.idle();
    await second.stop();

    const rows = await outbox.rowsOf('fill:ord-9');
    const interrupted = rows.filter((r) => r.status === 'failed');
    for (const r of interrupted) expect(r.lastError).toContain('interrupted');
    expect(interrupted.length).toBe(atCrash.sending);
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(200 - interrupted.length);
    expect(await outbox.counts()).toEqual({ pending: 0, sending: 0, sent: 200 - interrupted.length, failed: interrupted.length });

    // At most once everywhere; exactly once for every chat but the few whose send was in flight at the crash.
    const ambiguous = new Set(interrupted.map((r) => r.chatId));
    for (const id of chats) {
      const got = tg.sentTo(id).length;
      expect(got).toBeLessThanOrEqual(1);
      if (!ambiguous.has(String(id))) expect(got, `chat ${id}`).toBe(1);
    }
    // The chat whose message had arrived when the process died got it once and is recorded, not sent again.
    expect(ambiguous.has(first.lastChat())).toBe(true);
    expect(tg.sentTo(first.lastChat())).toHaveLength(1);
    expect(busiestSecond(sendStarts)).toBeLessThanOrEqual(30); // the restart went on at the same pace
  });

  it('keeps a row waiting out a 429 pending, so a crash during the wait loses nothing and the restart still waits', async () => {
    for (const id of ['7101', '7102', '7103']) await subs.subscribe({ platform: 'telegram', chatId: id }, 'alerts');
    tg.knobs.rateLimitSends = 1;
    tg.knobs.retryAfterSeconds = 2;
    const first = mortalNotifier(telegramChannel, Infinity);
    await first.notifier.start();
    await first.notifier.notify('alerts', { eventKey: 'halt:9', text: 'Trading halted.' });
    // The moment to die: the other two chats have theirs, and the limited one waits (its retry is 2 s away).
    const limited = await (async () => {
      for (let i = 0; i < 2000; i++) {
        const call = tg.calls.find((c) => c.status === 429);
        const rows = await outbox.rowsOf('halt:9');
        const row = call && rows.find((r) => r.chatId === String(call.params.chat_id));
        if (call && row && row.status !== 'sending' && rows.filter((r) => r.status === 'sent').length === 2) return { call, row };
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error('never saw the other chats served while the limited one waited');
    })();
    first.die(); // killed while that chat waits out its 429
    await first.landed();
    expect(limited.row.status).toBe('pending'); // not `sending`: nothing is under way for it
    expect(limited.row.lastError).toContain('429');

    const second = notifier([telegramChannel()]);
    await second.start();
    await second.idle();
    await second.stop();
    for (const id of ['7101', '7102', '7103']) expect(tg.sentTo(id)).toHaveLength(1);
    const chat = String(limited.call.params.chat_id);
    expect(tg.sentTo(chat)[0]!.at - limited.call.at).toBeGreaterThanOrEqual(2000); // retry_after still honoured
    expect(await outbox.counts()).toEqual({ pending: 0, sending: 0, sent: 3, failed: 0 });
  });

  it('keeps 1 s between messages to a chat and 3 s (20/min) in a group', async () => {
    for (const id of ['6001', '6002', '-6003']) await subs.subscribe({ platform: 'telegram', chatId: id }, 'alerts');
    const n = notifier([telegramChannel()]);
    await n.start();
    await n.notify('alerts', { eventKey: 'halt:1', text: 'Trading halted: daily loss limit reached.' });
    await n.notify('alerts', { eventKey: 'resume:1', text: 'Trading resumed.' });
    await n.idle();
    await n.stop();
    expect(tg.sentTo('6001').map((s) => s.plain)).toEqual(['Trading halted: daily loss limit reached.', 'Trading resumed.']);
    expect(shortestGap(tg.sentTo('6001').map((s) => s.at))).toBeGreaterThanOrEqual(1000);
    expect(shortestGap(tg.sentTo('6002').map((s) => s.at))).toBeGreaterThanOrEqual(1000);
    expect(tg.sentTo('-6003')).toHaveLength(2);
    expect(shortestGap(tg.sentTo('-6003').map((s) => s.at))).toBeGreaterThanOrEqual(3000);
  });

  it('waits out a 429 and unsubscribes a chat that blocked the bot while the others get the alert', async () => {
    for (const id of ['7001', '7002', '7003', '7004']) await subs.subscribe({ platform: 'telegram', chatId: id }, 'alerts');
    await subs.subscribe({ platform: 'telegram', chatId: '7002' }, 'daily');
    tg.knobs.blockedChats.add('7002');
    tg.knobs.rateLimitSends = 1;
    tg.knobs.retryAfterSeconds = 1;
    const n = notifier([telegramChannel()]);
    await n.start();
    await n.notify('alerts', { eventKey: 'fill:ord-2', text: 'Filled: sold 5 SPY.' });
    await n.idle();
    const limited = tg.calls.find((c) => c.status === 429)!;
    const retried = tg.sentTo(String(limited.params.chat_id))[0]!;
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(1000);
    expect(['7001', '7003', '7004'].map((id) => tg.sentTo(id).length)).toEqual([1, 1, 1]);
    expect(tg.sentTo('7002')).toHaveLength(0);
    expect(await subs.topicsOf({ platform: 'telegram', chatId: '7002' })).toEqual([]);
    const rows = await outbox.rowsOf('fill:ord-2');
    expect(rows.find((r) => r.chatId === '7002')!.status).toBe('failed');
    expect(rows.find((r) => r.chatId === '7002')!.lastError).toContain('blocked');

    await n.notify('alerts', { eventKey: 'fill:ord-3', text: 'Filled: bought 1 SPY.' });
    await n.idle();
    await n.stop();
    expect((await outbox.rowsOf('fill:ord-3')).map((r) => r.chatId)).toEqual(['7001', '7003', '7004']);
    tg.knobs.blockedChats.clear();
  });

  it('never resends a row a stopped process left mid-delivery (at most once)', async () => {
    await subs.subscribe({ platform: 'telegram', chatId: '8001' }, 'daily');
    await outbox.enqueue('daily', { eventKey: 'daily:2020-04-17', text: 'Daily report' }, [{ platform: 'telegram', chatId: '8001' }], new Date());
    const [row] = await outbox.rowsOf('daily:2020-04-17');
    expect(await outbox.claim(row!.id)).toBe(true); // the crashed process had started sending it
    const n = notifier([telegramChannel()]);
    await n.start();
    await n.idle();
    await n.stop();
    expect(tg.sentTo('8001')).toHaveLength(0);
    expect((await outbox.rowsOf('daily:2020-04-17'))[0]!.status).toBe('failed');
  });
});

describe('outbox notifier on Slack', () => {
  it('keeps about 1 message a second per channel, waits out a 429 and drops a channel the bot left', async () => {
    for (const c of ['C1', 'C2', 'C3']) await subs.subscribe({ platform: 'slack', chatId: c }, 'alerts');
    slack.knobs.goneChannels.add('C3');
    slack.knobs.rateLimitPosts = 1;
    slack.knobs.retryAfterSeconds = 1;
    const n = notifier([slackChannel()]);
    await n.start();
    await n.notify('alerts', { eventKey: 'fill:s-1', text: 'Filled: bought 3 QQQ.' });
    await n.notify('alerts', { eventKey: 'fill:s-2', text: 'Filled: sold 3 QQQ.' });
    await n.idle();
    await n.stop();
    const limited = slack.calls.find((c) => c.status === 429)!;
    expect(slack.postedTo(limited.channel!)[0]!.at - limited.at).toBeGreaterThanOrEqual(1000);
    for (const c of ['C1', 'C2']) {
      expect(slack.postedTo(c).map((p) => p.text)).toEqual(['Filled: bought 3 QQQ.', 'Filled: sold 3 QQQ.']);
      expect(shortestGap(slack.postedTo(c).map((p) => p.at))).toBeGreaterThanOrEqual(1000);
    }
    expect(slack.postedTo('C3')).toHaveLength(0);
    expect(await subs.list('alerts')).toEqual([
      { platform: 'slack', chatId: 'C1' },
      { platform: 'slack', chatId: 'C2' },
    ]);
    slack.knobs.goneChannels.clear();
  });
});
