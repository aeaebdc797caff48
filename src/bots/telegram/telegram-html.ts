// Renders the core's replies for Telegram in HTML parse mode: text escaped (< > &), tables in <pre>, long answers
// split under 4096 characters between blocks or lines (a <pre> cut in two is closed and reopened, never broken),
// charts as photos with captions under 1024, buttons as an inline keyboard on the last message.
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'telegraf/types';
import type { Reply, ReplyButton } from '../../agent/reply.ts';
import { splitText, type Measure } from '../notifier/split-text.ts';
import type { CallbackDataBook } from './callback-data-book.ts';
import { fitForPhone } from './phone-table.ts';

export const TELEGRAM_TEXT_LIMIT = 4096;
export const TELEGRAM_CAPTION_LIMIT = 1024;
const PRE_OPEN = '<pre>';
const PRE_CLOSE = '</pre>';

/** `silent`: sent with disable_notification (an alert the chat set to silent). */
export type TelegramPart =
  | { kind: 'text'; html: string; keyboard?: InlineKeyboardMarkup | ReplyKeyboardMarkup; silent?: boolean }
  | { kind: 'photo'; path: string; captionHtml?: string; keyboard?: InlineKeyboardMarkup; silent?: boolean };

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const htmlSize: Measure = (s) => escapeHtml(s).length;

/** Escaped text with `code` spans as <code> (intents write commands in backticks; Telegram would show them raw). */
export function textHtml(text: string): string {
  return escapeHtml(text).replace(/`([^`\n]+)`/g, '<code>$1</code>');
}

export function renderTelegramReply(reply: Reply, book: CallbackDataBook): TelegramPart[] {
  const text = reply.text.trim() === '' ? '' : reply.text;
  // Tables laid out for a phone: <pre> lines of at most 40 characters.
  const code = reply.code ? fitForPhone(reply.code) : undefined;
  const parts: TelegramPart[] = [];
  // A chart is one photo whose caption carries the answer (its headline figures too) when it fits in 1024 characters.
  const caption = reply.image ? [text ? textHtml(text) : '', code ? `${PRE_OPEN}${escapeHtml(code)}${PRE_CLOSE}` : ''].filter(Boolean).join('\n') : '';
  const captionFits = !!reply.image && caption.length <= TELEGRAM_CAPTION_LIMIT;
  if (!captionFits) {
    const blocks: string[] = [];
    if (text) blocks.push(...splitText(text, TELEGRAM_TEXT_LIMIT, htmlSize).map(textHtml));
    if (code) {
      const room = TELEGRAM_TEXT_LIMIT - PRE_OPEN.length - PRE_CLOSE.length;
      blocks.push(...splitText(code, room, htmlSize).map((c) => `${PRE_OPEN}${escapeHtml(c)}${PRE_CLOSE}`));
    }
    for (const html of packBlocks(blocks, TELEGRAM_TEXT_LIMIT)) parts.push({ kind: 'text', html });
  }
  if (reply.image) parts.push({ kind: 'photo', path: reply.image, captionHtml: captionFits && caption ? caption : undefined });
  if (reply.buttons?.length && parts.length === 0) parts.push({ kind: 'text', html: 'Choose:' });
  if (reply.buttons?.length) parts[parts.length - 1]!.keyboard = keyboardOf(reply.buttons, book);
  // A persistent reply keyboard of commands (from /start): on the reply's own message when it has no inline buttons
  // (one message carries one markup), else on a short message of its own.
  if (reply.keyboard?.length) {
    const keyboard: ReplyKeyboardMarkup = { keyboard: reply.keyboard.map((row) => row.map((c) => ({ text: c }))), resize_keyboard: true, is_persistent: true };
    const last = parts[parts.length - 1];
    if (last && last.kind === 'text' && !last.keyboard) last.keyboard = keyboard;
    else parts.push({ kind: 'text', html: 'The common commands are on the keyboard below the message box.', keyboard });
  }
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
