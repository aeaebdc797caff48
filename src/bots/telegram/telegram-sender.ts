// Sends rendered parts to a Telegram chat (sendMessage in HTML mode, sendPhoto as a file upload); the same sender
// serves the adapter's replies and the notifier's deliveries.
import fs from 'node:fs';
import type { Telegram } from 'telegraf';
import type { Reply } from '../../agent/reply.ts';
import type { OutboxPayload } from '../../engine/notify/outbox-store.ts';
import { logger } from '../../log.ts';
import type { DeliveryChannel } from '../notifier/delivery-channel.ts';
import type { CallbackDataBook } from './callback-data-book.ts';
import { toDeliveryError } from './telegram-errors.ts';
import { escapeHtml, renderTelegramReply, type TelegramPart } from './telegram-html.ts';

const log = logger('telegram');

/** Longest wait for one send's answer; a chart upload on a slow line fits well inside. */
const SEND_TIMEOUT_MS = 30_000;

type CallApiOptions = Parameters<Telegram['callApi']>[2];

export class TelegramSender implements DeliveryChannel<TelegramPart> {
  readonly platform = 'telegram' as const;

  constructor(
    private readonly telegram: Telegram,
    private readonly token: string,
    readonly book: CallbackDataBook,
    /** Longest wait for one send's answer. */
    private readonly sendTimeoutMs = SEND_TIMEOUT_MS,
  ) {}

  partsOf(payload: OutboxPayload): TelegramPart[] {
    const parts = this.render(payload);
    return payload.silent ? parts.map((p) => ({ ...p, silent: true })) : parts;
  }

  render(reply: Reply): TelegramPart[] {
    return renderTelegramReply(reply, this.book);
  }

  isGroup(chatId: string): boolean {
    return chatId.startsWith('-');
  }

  async sendPart(chatId: string, part: TelegramPart): Promise<void> {
    try {
      // Every call has a deadline (telegraf has none): a Bot API that never answers becomes a retry, not a stuck chat.
      // (telegraf types the signal as abort-controller's; node-fetch takes Node's own)
      const deadline = { signal: AbortSignal.timeout(this.sendTimeoutMs) } as unknown as CallApiOptions;
      if (part.kind === 'text') {
        await this.telegram.callApi(
          'sendMessage',
          {
            chat_id: chatId,
            text: part.html,
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
            reply_markup: part.keyboard,
            disable_notification: part.silent,
          },
          deadline,
        );
        return;
      }
      if (!fs.existsSync(part.path)) {
        log.warn({ path: part.path }, 'chart file missing: sent without it');
        const text = part.captionHtml ?? escapeHtml('(The chart could not be found.)');
        await this.telegram.callApi(
          'sendMessage',
          { chat_id: chatId, text, parse_mode: 'HTML', reply_markup: part.keyboard, disable_notification: part.silent },
          deadline,
        );
        return;
      }
      await this.telegram.callApi(
        'sendPhoto',
        {
          chat_id: chatId,
          photo: { source: fs.createReadStream(part.path), filename: 'chart.png' },
          caption: part.captionHtml,
          parse_mode: part.captionHtml ? 'HTML' : undefined,
          reply_markup: part.keyboard,
          disable_notification: part.silent,
        },
        deadline,
      );
    } catch (err) {
      throw toDeliveryError(err, this.token);
    }
  }

  /** Sends a reply's parts in order, once each (the adapter's replies go through the pacer and its retries instead). */
  async sendReply(chatId: string, reply: Reply): Promise<void> {
    for (const part of this.render(reply)) await this.sendPart(chatId, part);
  }
}
