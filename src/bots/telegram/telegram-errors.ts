// Telegram failures made safe and actionable: the bot token (part of every Bot API URL, and of telegraf's fetch
// errors) is cut out before anything logs or shows an error; and each failure is classed for retry decisions.
import { TelegramError } from 'telegraf';
import { DeliveryError } from '../notifier/delivery-error.ts';

/** A copy of the error with the token removed from its message (no cause chain, which may hold the URL). */
export function redactTelegramError(err: unknown, token: string): Error {
  const scrub = (s: string) => (token ? s.split(token).join('[token]') : s);
  if (err instanceof TelegramError) {
    const e = new Error(scrub(`Telegram ${err.code}: ${err.description}`));
    e.name = 'TelegramError';
    return e;
  }
  const e = new Error(scrub(err instanceof Error ? err.message : String(err)));
  e.name = err instanceof Error ? err.name : 'Error';
  return e;
}

/** 429: wait `retry_after`; 403 or a vanished chat: give the chat up; 5xx or network: retry; other 4xx: give up. */
export function toDeliveryError(err: unknown, token: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const safe = redactTelegramError(err, token).message;
  if (err instanceof TelegramError) {
    if (err.code === 429) {
      const seconds = Number(err.parameters?.retry_after ?? 1);
      return new DeliveryError('rate-limited', safe, Math.max(0, seconds) * 1000);
    }
    if (err.code === 403) return new DeliveryError('chat-gone', safe);
    if (err.code === 400 && /chat not found|group chat was deactivated|chat_write_forbidden/i.test(err.description)) {
      return new DeliveryError('chat-gone', safe);
    }
    if (err.code >= 500) return new DeliveryError('transient', safe);
    return new DeliveryError('permanent', safe);
  }
  return new DeliveryError('transient', safe);
}
