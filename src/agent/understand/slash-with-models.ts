// Slash commands with English model words in them: `/backtest rsi spx` is `/backtest rsi-14-30-70 SPX`.
import type { IntentDefinition } from '../intent.ts';
import { resolveModelWords } from './english/model-words.ts';
import { parseSlashCommand, type SlashParse } from './slash-command.ts';
import type { Vocabulary } from './understander.ts';

/**
 * A slash command with the model words of English resolved (`/backtest rsi spx`, `/volatility spx garch`), for the
 * intents that take models; `/compare rsi macd spx` with a lower-case stored ticker gets it as the symbol.
 */
export function parseSlash(text: string, vocab: Vocabulary, intents: readonly IntentDefinition[]): SlashParse {
  const first = parseSlashCommand(text, intents);
  if (first.kind !== 'intent') return first;
  const shape = first.definition.args.shape as Record<string, unknown>;
  if (!('model' in shape) && !('models' in shape)) return first;
  const known = new Set(vocab.symbols);
  const head = /^\s*\S+/.exec(text)![0]; // text parsed as a slash command, so it has a first word
  const resolved = head + resolveModelWords(text.slice(head.length), vocab.isModelId, (w) => known.has(w));
  const parsed = resolved === text ? first : parseSlashCommand(resolved, intents);
  if (parsed.kind !== 'intent') return parsed;
  const args = parsed.intent.args;
  // "/backtest SPX", "/backtest spx 2010-01-01": a stored symbol in the model's place is the symbol (the dates move
  // along), and the model is what is missing.
  const isDate = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
  if ('symbol' in shape && typeof args.model === 'string' && (args.symbol === undefined || isDate(args.symbol)) && !vocab.isModelId(args.model.toLowerCase())) {
    const word = args.model;
    if (known.has(word.toUpperCase()) || /^[A-Z]{1,5}$/.test(word)) {
      const dates = [args.symbol, args.from].filter(isDate);
      delete args.model;
      delete args.from;
      delete args.to;
      args.symbol = word;
      if (dates[0]) args.from = dates[0];
      if (dates[1]) args.to = dates[1];
    }
  }
  if (Array.isArray(args.models) && args.symbol === undefined) {
    const symbol = args.models.find((m): m is string => typeof m === 'string' && !vocab.isModelId(m) && known.has(m.toUpperCase()));
    if (symbol) {
      args.models = args.models.filter((m) => m !== symbol);
      args.symbol = symbol;
    }
  }
  return parsed;
}
