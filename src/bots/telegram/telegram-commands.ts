// The commands Telegram shows in its menu (setMyCommands), taken from the core's intent declarations.
import type { BotCommand } from 'telegraf/types';
import type { IntentDefinition } from '../../agent/intent.ts';

/** Telegram accepts 1-32 lowercase letters, digits and underscores, and descriptions of 1-256 characters. */
export function telegramCommands(intents: readonly IntentDefinition[]): BotCommand[] {
  return intents
    .filter((i) => /^[a-z0-9_]{1,32}$/.test(i.name))
    .map((i) => ({ command: i.name, description: i.description.length <= 256 ? i.description : `${i.description.slice(0, 255)}…` }));
}
