// Without a chat platform, alerts print on the console (once per event); Telegram errors never carry the bot token.
import { PassThrough } from 'node:stream';
import { TelegramError } from 'telegraf';
import { describe, expect, it } from 'vitest';
import { startPlatforms } from '../../src/cli/start-platforms.ts';
import { redactTelegramError, toDeliveryError } from '../../src/bots/telegram/telegram-errors.ts';
import { wallClock } from '../../src/engine/clock.ts';
import { openTestDb } from '../support/test-db.ts';

describe('console notifier', () => {
  it('prints each alert once when no platform is configured', async () => {
    const db = await openTestDb();
    try {
      const out = new PassThrough();
      let printed = '';
      out.on('data', (d) => (printed += d));
      const running = await startPlatforms({ config: {}, core: { handle: async () => ({ intent: null, replies: [] }) }, db: db.db, clock: wallClock }, undefined, { consoleOutput: out });
      expect(running.names).toEqual([]);
      const alert = { eventKey: 'fill:c-1', text: 'Filled: bought 2 SPY at 450.10.', code: 'qty 2' };
      await running.notifier.notify('alerts', alert);
      await running.notifier.notify('alerts', alert);
      await running.stop();
      expect(printed).toBe('[alerts] Filled: bought 2 SPY at 450.10.\nqty 2\n');
    } finally {
      await db.close();
    }
  });
});

describe('telegram errors', () => {
  it('cut the bot token out of fetch errors and keep the retry time of a 429', () => {
    const token = '123456:AAH-secret_token';
    const err = new Error(`request to http://127.0.0.1:9/bot${token}/sendPhoto failed, reason: connect ECONNREFUSED`);
    expect(redactTelegramError(err, token).message).toBe('request to http://127.0.0.1:9/bot[token]/sendPhoto failed, reason: connect ECONNREFUSED');
    expect(toDeliveryError(err, token)).toMatchObject({ kind: 'transient' });
    const limited = new TelegramError({ error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    expect(toDeliveryError(limited, token)).toMatchObject({ kind: 'rate-limited', retryAfterMs: 7000 });
    const blocked = new TelegramError({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(toDeliveryError(blocked, token)).toMatchObject({ kind: 'chat-gone', message: 'Telegram 403: Forbidden: bot was blocked by the user' });
  });
});
