// The deterministic understander: slash commands, and common plain-English requests read with patterns (models,
// symbols, dates, quantities) plus the chat's memory for follow-ups ("it", "that model", "now compare it with rsi",
// "what about ema 12/26?"). Serves when there is no language model, and whenever it fails.
import type { IntentDefinition, UnderstoodIntent } from '../intent.ts';
import type { ChatState } from '../memory/chat-state.ts';
import { findCategory } from './english/category-words.ts';
import { classifyIntent, TREND } from './english/classify.ts';
import { findWindow } from './english/date-words.ts';
import { findMisspelledModels, findModels, MODEL_REFERENCE, MODELS_REFERENCE, resolveModelWords } from './english/model-words.ts';
import { findSymbols, findUnknownTicker, MARKET_SYMBOL, MARKET_WORDS, SYMBOL_REFERENCE } from './english/symbol-words.ts';
import { parseSlashCommand, type SlashParse } from './slash-command.ts';
import { notUnderstood } from './suggest-commands.ts';
import type { UnderstandInput, Understander, Understanding, Vocabulary } from './understander.ts';

export class OfflineUnderstander implements Understander {
  readonly name = 'offline';
  constructor(private readonly intents: readonly IntentDefinition[]) {}

  async understand(input: UnderstandInput): Promise<Understanding> {
    return understandText(input.message.text, input.memory, input.vocabulary, this.intents);
  }
}

/** Follow-up openers: "what about X", "and X?", "how about X", "same for X", "try X", "now X". */
const FOLLOW_UP = /^(?:and\s+|now\s+|then\s+|ok(?:ay)?,?\s+|also\s+)?(?:what about|how about|and|same (?:thing )?(?:for|with|on)|try|do the same (?:for|with|on)|now (?:with|for|on)|then (?:with|for|on)|also (?:with|for|on))\b/;

/** The model that answers "what's the trend": bull or bear against the 200-day average. */
const TREND_MODEL = 'trend-regime-200';

/** Intents about a symbol's data, where a word in the place of a symbol is taken as the ticker meant (not orders). */
const ANALYSIS = new Set(['backtest', 'compare', 'predict', 'volatility', 'risk', 'regime', 'recommend', 'leaderboard', 'evaluate', 'accuracy', 'why']);

export function understandText(text: string, memory: ChatState, vocab: Vocabulary, intents: readonly IntentDefinition[]): Understanding {
  const slash = parseSlash(text, vocab, intents);
  if (slash.kind === 'intent') return { kind: 'intent', intent: normalize(slash.intent) };
  if (slash.kind === 'unknown-command') {
    return { kind: 'unknown', reply: `There is no /${slash.command} command. Send /help to see what I can do.` };
  }

  const original = text.trim().replace(/[?!.]+$/, '');
  const lower = original.toLowerCase();
  // "backtest bolinger on spx": a misspelled name is kept as typed, in its place among the models, so the handler
  // answers with the closest model ids.
  const mentions = [...findModels(lower, vocab.isModelId), ...findMisspelledModels(lower).map((w) => ({ id: w.word, at: w.at, end: w.at + w.word.length }))];
  mentions.sort((a, b) => a.at - b.at);
  const models = mentions.map((m) => m.id);
  const symbols = findSymbols(original, vocab.symbols).map((s) => s.symbol);
  const market = symbols.length === 0 && MARKET_WORDS.test(lower);
  const followUp = FOLLOW_UP.test(lower) || /\b(?:instead|as well|too)\b/.test(lower);
  const refModel = MODEL_REFERENCE.test(lower);
  const refModels = MODELS_REFERENCE.test(lower);
  const refSymbol = SYMBOL_REFERENCE.test(lower);

  let name = classifyIntent(lower, { hasModel: models.length > 0 || (refModel && !!memory.model), hasSymbol: symbols.length > 0 || market });
  // "what about ema 12/26?", "and on AAPL?", "same for rsi": the last intent again with what changed.
  if (!name && followUp && memory.lastIntent) name = memory.lastIntent.name;
  if (!name && models.length > 0) name = 'backtest';
  if (!name) return { kind: 'unknown', reply: notUnderstood(text, lower, intents) };

  // The symbol, in this order: one the sentence names; a word in a symbol's place that is no stored ticker ("on spy",
  // "on the nasdaq": the handler then says there is no data and offers the closest, SPX); the market as a whole ("the
  // market", "stocks": SPX, the S&P 500 of the embedded data); the chat's last symbol, since a question that names
  // nothing is about what the chat was discussing; and for a regime question with none of these ("what regime are we
  // in?") SPX, because a regime with no subject is the market's.
  const inModel = (at: number) => mentions.some((m) => at >= m.at && at < m.end);
  const guessed = symbols.length === 0 && !market && ANALYSIS.has(name) ? findUnknownTicker(lower, inModel) : undefined;
  const named = symbols[0] ?? guessed ?? (market ? MARKET_SYMBOL : undefined);
  const symbol = named ?? memory.symbol ?? (name === 'regime' ? MARKET_SYMBOL : undefined);
  const anchor = (symbol && vocab.newest[symbol]) || latest(vocab) || vocab.today;
  const said = findWindow(lower, anchor);
  const saidWindow = said.from !== undefined || said.to !== undefined;
  // A follow-up keeps the last window unless it names a new one; so does a backtest that names neither a model nor a
  // symbol ("show me the chart", "what is its sharpe?"): it is about the last one.
  const aboutLast = name === 'backtest' && models.length === 0 && !named && !!memory.model;
  const inherit = !saidWindow && (followUp || refModel || refModels || refSymbol || aboutLast) && symbol === memory.symbol;
  const window = saidWindow ? said : inherit ? { from: memory.from, to: memory.to } : {};
  const args: Record<string, unknown> = {};
  const same = memory.lastIntent?.name === name && followUp ? memory.lastIntent.args : {};

  switch (name) {
    case 'backtest': {
      args.model = models[0] ?? (same.model as string | undefined) ?? (refModel || followUp || models.length === 0 ? memory.model : undefined);
      // "show me the chart for SPX", "the return of SPX in 2008", "how did the market do in 2008" with no model in the
      // chat: those of holding it. A request to backtest without a model ("backtest on SPX") gets the usage line.
      if (!args.model && named && !/\bback[- ]?test|\btest\b|\bsimulat/.test(lower)) args.model = 'buy-and-hold';
      args.symbol = symbol;
      Object.assign(args, window);
      const cost = /\b(\d+(?:\.\d+)?)\s*(?:bps|basis points?)\b/.exec(lower);
      if (cost) args.costBps = Number(cost[1]);
      break;
    }
    case 'compare': {
      let list = models;
      // "compare them", "which one is better?", "and on apple?" after a compare: every remembered model.
      if (memory.models && memory.models.length > 1 && models.length === 0) list = memory.models;
      else if (list.length < 2 || (refModel && memory.model && !list.includes(memory.model))) {
        const base = memory.lastIntent?.name === 'compare' && followUp ? memory.models?.[0] : memory.model;
        if (base && !list.includes(base)) list = [base, ...list];
      }
      args.models = list;
      args.symbol = symbol;
      Object.assign(args, saidWindow ? said : symbol === memory.symbol ? { from: memory.from, to: memory.to } : {});
      break;
    }
    case 'model':
      args.model = models[0] ?? memory.model;
      break;
    case 'models': {
      const cat = findCategory(lower);
      if (cat) args.category = cat;
      const search = /\b(?:matching|about|named|called|with|search(?: for)?)\s+"?([a-z0-9-]+)"?/.exec(lower);
      if (search && !cat) args.search = search[1];
      break;
    }
    case 'leaderboard': {
      if (symbol) args.symbol = symbol;
      const metric = /\b(sharpe|total return|return|cagr|drawdown|hit rate|rank ic)\b/.exec(lower);
      if (metric) args.metric = { sharpe: 'sharpe', 'total return': 'totalReturn', return: 'totalReturn', cagr: 'cagr', drawdown: 'maxDrawdown', 'hit rate': 'hitRate', 'rank ic': 'rankIc' }[metric[1]!];
      break;
    }
    case 'evaluate':
      if (models.length > 0) args.models = models;
      else if (refModel && memory.model) args.models = [memory.model];
      else if (refModels && memory.models) args.models = memory.models;
      if (symbols.length > 0) args.symbols = symbols;
      else if (symbol) args.symbols = [symbol];
      break;
    case 'accuracy':
      args.model = models[0] ?? memory.model;
      if (symbol) args.symbol = symbol;
      break;
    case 'predict':
    case 'volatility':
      args.symbol = symbol;
      if (models[0] && !(name === 'volatility' && models[0] === 'garch-1-1' && !vocab.isModelId('garch-1-1'))) args.model = models[0];
      else if (name === 'predict' && TREND.test(lower) && vocab.isModelId(TREND_MODEL)) args.model = TREND_MODEL;
      else if (same.model) args.model = same.model;
      break;
    case 'risk': {
      args.symbol = symbol;
      const level = /\b(9\d(?:\.\d+)?)\s*%|\b0\.(9\d*)\b/.exec(lower);
      if (level) args.level = level[1] ? Number(level[1]) / 100 : Number(`0.${level[2]}`);
      break;
    }
    case 'regime':
    case 'recommend':
      args.symbol = symbol;
      break;
    case 'why':
      args.symbol = symbol;
      if (said.from && !said.to && /\b(?:on|at)\s+\d{4}-\d{2}-\d{2}/.test(lower)) args.date = said.from;
      break;
    case 'buy':
    case 'sell': {
      const qty = /\b(?:buy|sell|purchase|short)\s+(?:me\s+)?(\d+(?:\.\d+)?)\b/.exec(lower) ?? /\b(\d+(?:\.\d+)?)\s+(?:shares?|units?)\b/.exec(lower);
      if (qty) args.qty = Number(qty[1]);
      args.symbol = symbols[0] ?? (refSymbol || /\b(?:more|it)\b/.test(lower) ? memory.symbol : undefined);
      const limit = /\b(?:at|limit(?: price)?(?: of)?|@)\s*\$?(\d+(?:,\d{3})*(?:\.\d+)?)/.exec(lower);
      if (limit) args.limit = Number(limit[1]!.replace(/,/g, ''));
      break;
    }
    case 'close':
      args.symbol = /\b(?:all|everything|every position|all positions)\b/.test(lower) ? 'all' : (symbols[0] ?? memory.symbol);
      break;
    case 'cancel': {
      const id = /#?(\d+)\b/.exec(lower);
      if (id) args.id = id[1];
      break;
    }
    case 'pnl': {
      const p = /\b(today|day|daily|week|weekly|month|monthly|all[- ]time|overall|total|ever|since inception)\b/.exec(lower);
      if (p) args.period = /^(today|day|daily)$/.test(p[1]!) ? 'day' : /^week/.test(p[1]!) ? 'week' : /^month/.test(p[1]!) ? 'month' : 'all';
      break;
    }
    case 'autopilot':
      args.state = /\b(?:off|stop|disable|deactivate|turn off|switch off|pause)\b/.test(lower)
        ? 'off'
        : /\b(?:status|running|is the autopilot|doing|state)\b|\?$/.test(text.trim()) || /\bis\b.*\bon\b/.test(lower)
          ? 'status'
          : /\b(?:on|start|enable|activate|turn on|switch on|engage)\b/.test(lower)
            ? 'on'
            : 'status';
      break;
    case 'report':
      if (/\bweek(?:ly)?\b/.test(lower)) args.kind = 'weekly';
      break;
    case 'subscribe':
    case 'unsubscribe':
      args.topic = /\b(?:daily|report|reports|summary|summaries)\b/.test(lower) ? 'daily' : 'alerts';
      break;
    case 'pull': {
      const source = /\b(polygon|alpaca|fred)\b/.exec(lower);
      if (source) args.source = source[1];
      const series = /\b([A-Z][A-Z0-9]{2,})\b/.exec(original.replace(/\b(?:FRED|POLYGON|ALPACA)\b/g, ''));
      if (args.source === 'fred' && series) args.series = series[1];
      else if (symbols[0]) args.symbol = symbols[0];
      Object.assign(args, said);
      break;
    }
  }
  return { kind: 'intent', intent: normalize({ name, args }) };
}

/** Upper-case symbols, lower-case model ids, no undefined values: the form every understander reports. */
export function normalize(intent: UnderstoodIntent): UnderstoodIntent {
  const args: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(intent.args)) {
    if (v === undefined) continue;
    if ((k === 'symbol' && intent.name !== 'close') || k === 'series') args[k] = typeof v === 'string' ? v.toUpperCase() : v;
    else if (k === 'symbol') args[k] = typeof v === 'string' && v.toLowerCase() !== 'all' ? v.toUpperCase() : typeof v === 'string' ? 'all' : v;
    else if (k === 'symbols') args[k] = Array.isArray(v) ? v.map((s) => (typeof s === 'string' ? s.toUpperCase() : s)) : v;
    else if (k === 'model') args[k] = typeof v === 'string' ? v.toLowerCase() : v;
    else if (k === 'models') args[k] = Array.isArray(v) ? v.map((s) => (typeof s === 'string' ? s.toLowerCase() : s)) : v;
    else args[k] = v;
  }
  return { name: intent.name, args };
}

/**
 * A slash command with the model words of English resolved (`/backtest rsi spx`, `/volatility spx garch`), for the
 * intents that take models; `/compare rsi macd spx` with a lower-case stored ticker gets it as the symbol.
 */
function parseSlash(text: string, vocab: Vocabulary, intents: readonly IntentDefinition[]): SlashParse {
  const first = parseSlashCommand(text, intents);
  if (first.kind !== 'intent') return first;
  const shape = first.definition.args.shape as Record<string, unknown>;
  if (!('model' in shape) && !('models' in shape)) return first;
  const known = new Set(vocab.symbols);
  const head = /^\s*\S+/.exec(text)![0];
  const resolved = head + resolveModelWords(text.slice(head.length), vocab.isModelId, (w) => known.has(w));
  const parsed = resolved === text ? first : parseSlashCommand(resolved, intents);
  if (parsed.kind !== 'intent') return parsed;
  const args = parsed.intent.args;
  if (Array.isArray(args.models) && args.symbol === undefined) {
    const symbol = args.models.find((m): m is string => typeof m === 'string' && !vocab.isModelId(m) && known.has(m.toUpperCase()));
    if (symbol) {
      args.models = args.models.filter((m) => m !== symbol);
      args.symbol = symbol;
    }
  }
  return parsed;
}

function latest(vocab: Vocabulary): string | undefined {
  let best: string | undefined;
  for (const d of Object.values(vocab.newest)) if (!best || d > best) best = d;
  return best;
}
