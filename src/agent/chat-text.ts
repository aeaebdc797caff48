// Text from outside, made safe to read, store and answer before anything else sees it: NUL and the other control
// characters (PostgreSQL text cannot hold NUL; a symbol with one reached the database), and lone UTF-16 surrogates
// (no valid UTF-8, so a driver or a platform refuses them), are removed. Tabs and line breaks stay.
import type { ChatMessage } from './chat-message.ts';

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function cleanChatText(text: string): string {
  return text.replace(CONTROL, '').replace(LONE_SURROGATE, '');
}

/** The message with its typed text and its button data cleaned. */
export function cleanChatMessage(message: ChatMessage): ChatMessage {
  const text = cleanChatText(message.text);
  const callbackData = message.callbackData === undefined ? undefined : cleanChatText(message.callbackData);
  if (text === message.text && callbackData === message.callbackData) return message;
  return { ...message, text, ...(callbackData === undefined ? {} : { callbackData }) };
}
