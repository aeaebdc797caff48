// Parses `/name arg1 arg2 key=value` against the intents' declarations (positional order from each intent).
import type { IntentDefinition, UnderstoodIntent } from '../intent.ts';

export type SlashParse =
  | { kind: 'intent'; intent: UnderstoodIntent; definition: IntentDefinition }
  | { kind: 'unknown-command'; command: string }
  | { kind: 'not-a-command' };

export function parseSlashCommand(text: string, intents: readonly IntentDefinition[]): SlashParse {
  const trimmed = text.trim();
  if (!trimmed.startsWith('/')) return { kind: 'not-a-command' };
  const [head, ...tokens] = trimmed.split(/\s+/);
  // Telegram adds the bot's name in groups: /help@mltrainer_bot
  const command = head!.slice(1).split('@')[0]!.toLowerCase();
  const definition = intents.find((i) => i.name === command);
  if (!definition) return { kind: 'unknown-command', command };
  const args: Record<string, unknown> = {};
  const positional = [...(definition.positional ?? [])];
  for (const token of tokens) {
    const kv = /^([A-Za-z]\w*)=(.*)$/.exec(token);
    if (kv) args[kv[1]!] = kv[2];
    else {
      const name = positional.shift();
      if (name) args[name] = token;
    }
  }
  return { kind: 'intent', intent: { name: definition.name, args }, definition };
}
