// Renders the core's replies for Telegram in HTML parse mode: text escaped (< > &), tables in <pre>, long answers
// split under 4096 characters between blocks or lines (a <pre> cut in two is closed and reopened, never broken),
// charts as photos with captions under 1024, buttons as an inline keyboard on the last message.
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Reply, ReplyButton } from '../../agent/reply.ts';
import { splitText, type Measure } from '../notifier/split-text.ts';
import type { CallbackDataBook } from './callback-data-book.ts';

export const TELEGRAM_TEXT_LIMIT = 4096;
export const TELEGRAM_CAPTION_LIMIT = 1024;
const PRE_OPEN = '<pre>';
const PRE_CLOSE = '</pre>';

export type TelegramPart =
  | { kind: 'text'; html: string; keyboard?: InlineKeyboardMarkup }
  | { kind: 'photo'; path: string; captionHtml?: string; keyboard?: InlineKeyboardMarkup };

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const htmlSize: Measure = (s) => escapeHtml(s).length;

export function renderTelegramReply(reply: Reply, book: CallbackDataBook): TelegramPart[] {
  const text = reply.text.trim() === '' ? '' : reply.text;
  const parts: TelegramPart[] = [];
  const captionFits = !!reply.image && !reply.code && htmlSize(text) <= TELEGRAM_CAPTION_LIMIT;
  if (!captionFits) {
    const blocks: string[] = [];
    if (text) blocks.push(...splitText(text, TELEGRAM_TEXT_LIMIT, htmlSize).map(escapeHtml));
    if (reply.code) {
      const room = TELEGRAM_TEXT_LIMIT - PRE_OPEN.length - PRE_CLOSE.length;
      blocks.push(...splitText(reply.code, room, htmlSize).map((c) => `${PRE_OPEN}${escapeHtml(c)}${PRE_CLOSE}`));
    }
    for (const html of packBlocks(blocks, TELEGRAM_TEXT_LIMIT)) parts.push({ kind: 'text', html });
  }
  if (reply.image) parts.push({ kind: 'photo', path: reply.image, captionHtml: captionFits && text ? escapeHtml(text) : undefined });
  if (reply.buttons?.length && parts.length === 0) parts.push({ kind: 'text', html: 'Choose:' });
  if (reply.buttons?.length) parts[parts.length - 1]!.keyboard = keyboardOf(reply.buttons, book);
  return parts;
}

/** Joins consecutive blocks with a newline while the message stays within the limit. */
function packBlocks(blocks: string[], limit: number): string[] {
  const messages: string[] = [];
  let current = '';
  for (const block of blocks) {
    if (current !== '' && current.length + 1 + block.length <= limit) current += `\n${block}`;
    else {
      if (current !== '') messages.push(current);
      current = block;
    }
  }
  if (current !== '') messages.push(current);
  return messages;
}

function keyboardOf(buttons: readonly ReplyButton[], book: CallbackDataBook): InlineKeyboardMarkup {
  const rows: { text: string; callback_data: string }[][] = [];
  buttons.forEach((b, i) => {
    if (i % 3 === 0) rows.push([]);
    rows[rows.length - 1]!.push({ text: b.label, callback_data: book.toButton(b.data) });
  });
  return { inline_keyboard: rows };
}
