// A Bot API that takes a send and never answers: the send ends at its deadline as a failure to retry (the chat is not
// stuck behind it), and the next send goes through.
import { Telegraf } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/bots/notifier/delivery-error.ts';
import { CallbackDataBook } from '../../src/bots/telegram/callback-data-book.ts';
import { TelegramSender } from '../../src/bots/telegram/telegram-sender.ts';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-server.ts';

let tg: TelegramFake;
beforeAll(async () => {
  tg = await startTelegramFake();
});
afterAll(async () => tg?.close());

describe('a Telegram send that gets no answer', () => {
  it('fails at its deadline as a network failure to retry, and the next send is delivered', async () => {
    const bot = new Telegraf(tg.token, { telegram: { apiRoot: tg.apiRoot } });
    const sender = new TelegramSender(bot.telegram, tg.token, new CallbackDataBook(), 400);
    tg.knobs.holdSends = true;
    const err = await sender.sendPart('8001', { kind: 'text', html: 'hello' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).kind).toBe('transient');
    expect((err as DeliveryError).message).not.toContain(tg.token);
    expect(tg.faults.held).toBe(1);
    expect(tg.sentTo(8001)).toHaveLength(0);
    tg.knobs.holdSends = false;
    await sender.sendPart('8001', { kind: 'text', html: 'hello again' });
    expect(tg.sentTo(8001).map((s) => s.plain)).toEqual(['hello again']);
  });
});
