// How an exchange is kept in the chat's history for the language model: the reply's text and table, long ones cut.
import type { Reply } from './reply.ts';

/** How much of an answer the history keeps: enough context for the language model, not every row of a long table. */
const HISTORY_REPLY_CHARS = 1_500;

export function historyText(text: string): string {
  return text.length <= HISTORY_REPLY_CHARS ? text : `${text.slice(0, HISTORY_REPLY_CHARS)}\n[... ${text.length - HISTORY_REPLY_CHARS} more characters]`;
}

export function replyText(r: Reply): string {
  return [r.text, r.code].filter(Boolean).join('\n');
}
