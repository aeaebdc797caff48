// Whether a message names an action: a language model reading the history could otherwise answer a vague follow-up
// ("what about BRK.B" after /close SPX, "and now?" after /halt) by putting the last action up again.
import type { IntentDefinition } from './intent.ts';

/** Words besides an intent's own name and aliases that name it. */
const ACTION_WORDS: Record<string, readonly string[]> = {
  buy: ['buy', 'purchase', 'long', 'acquire', 'get', 'invest', 'order', 'share', 'want'],
  sell: ['sell', 'short', 'dump', 'unload', 'order', 'share'],
  close: ['close', 'exit', 'flatten', 'liquidate', 'sell', 'get out', 'position'],
  cancel: ['cancel', 'withdraw', 'revoke'],
  halt: ['halt', 'stop', 'kill', 'freeze', 'pause', 'emergency'],
  stopentry: ['stop', 'entries', 'entry', 'no new'],
  resume: ['resume', 'restart', 'unhalt', 'continue', 'unpause', 'lift'],
  limits: ['limit', 'cap', 'exposure', 'max', 'maximum'],
  autopilot: ['autopilot', 'auto', 'switch', 'turn', 'start', 'stop', 'enable', 'disable', 'on', 'off'],
  watch: ['watch', 'add', 'remove', 'track', 'drop', 'universe'],
  pull: ['pull', 'fetch', 'download', 'update', 'refresh', 'load'],
  role: ['role', 'grant', 'make', 'remove', 'revoke', 'promote', 'demote', 'admin', 'trader', 'viewer'],
};

/** True when `text` names the action `def` (its name, an alias or one of its words). */
export function namesAction(text: string, def: IntentDefinition): boolean {
  const words = [def.name, ...(def.aliases ?? []), ...(ACTION_WORDS[def.name] ?? [])];
  const lower = text.toLowerCase();
  return words.some((w) => new RegExp(`(?:^|[^a-z])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(lower));
}
