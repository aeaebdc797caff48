// The deterministic understander: slash commands, and common plain-English requests read with patterns (models,
// symbols, dates, quantities) plus the chat's memory for follow-ups ("it", "that model", "now compare it with rsi",
// "what about ema 12/26?"). Serves when there is no language model, and whenever it fails.
import type { IntentDefinition, UnderstoodIntent } from '../intent.ts';
import type { ChatState } from '../memory/chat-state.ts';
import { classifyIntent } from './english/classify.ts';
import { findWindow } from './english/date-words.ts';
import { findModels, MODEL_REFERENCE, MODELS_REFERENCE } from './english/model-words.ts';
import { findSymbols, SYMBOL_REFERENCE } from './english/symbol-words.ts';
import { parseSlashCommand } from './slash-command.ts';
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

export function understandText(text: string, memory: ChatState, vocab: Vocabulary, intents: readonly IntentDefinition[]): Understanding {
  const slash = parseSlashCommand(text, intents);
  if (slash.kind === 'intent') return { kind: 'intent', intent: normalize(slash.intent) };
  if (slash.kind === 'unknown-command') {
    return { kind: 'unknown', reply: `There is no /${slash.command} command. Send /help to see what I can do.` };
  }

  const original = text.trim().replace(/[?!.]+$/, '');
  const lower = original.toLowerCase();
  const models = findModels(lower, vocab.isModelId).map((m) => m.id);
  const symbols = findSymbols(original, vocab.symbols).map((s) => s.symbol);
  const followUp = FOLLOW_UP.test(lower) || /\b(?:instead|as well|too)\b/.test(lower);
  const refModel = MODEL_REFERENCE.test(lower);
  const refModels = MODELS_REFERENCE.test(lower);
  const refSymbol = SYMBOL_REFERENCE.test(lower);

  let name = classifyIntent(lower, { hasModel: models.length > 0 || (refModel && !!memory.model) });
  // "what about ema 12/26?", "and on AAPL?", "same for rsi": the last intent again with what changed.
  if (!name && followUp && memory.lastIntent) name = memory.lastIntent.name;
  if (!name && models.length > 0) name = 'backtest';
  if (!name) {
    return {
      kind: 'unknown',
      reply: `I did not understand "${truncate(text, 80)}". Try "backtest a 20/50 sma crossover on SPX since 2010", "compare it with rsi", "volatility forecast for SPX", or send /help.`,
    };
  }

  const symbolFromMemory = symbols.length === 0 && !!memory.symbol;
  const symbol = symbols[0] ?? (refSymbol || symbolFromMemory ? memory.symbol : undefined);
  const anchor = (symbol && vocab.newest[symbol]) || latest(vocab) || vocab.today;
  const said = findWindow(lower, anchor);
  const saidWindow = said.from !== undefined || said.to !== undefined;
  // A follow-up keeps the last window unless it names a new one.
  const inherit = !saidWindow && (followUp || refModel || refModels || refSymbol) && symbol === memory.symbol;
  const window = saidWindow ? said : inherit ? { from: memory.from, to: memory.to } : {};
  const args: Record<string, unknown> = {};
  const same = memory.lastIntent?.name === name && followUp ? memory.lastIntent.args : {};

  switch (name) {
    case 'backtest': {
      args.model = models[0] ?? (same.model as string | undefined) ?? (refModel || followUp || models.length === 0 ? memory.model : undefined);
      args.symbol = symbol;
      Object.assign(args, window);
      const cost = /\b(\d+(?:\.\d+)?)\s*(?:bps|basis points?)\b/.exec(lower);
      if (cost) args.costBps = Number(cost[1]);
      break;
    }
    case 'compare': {
      let list = models;
      if (refModels && memory.models && memory.models.length > 1 && models.length === 0) list = memory.models;
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
      const cat = /\b(trend|mean[- ]reversion|momentum|regression|machine[- ]learning|neural|volatility|risk|regime|ensemble|benchmark|macro)\b/.exec(lower);
      if (cat) args.category = cat[1]!.replace(' ', '-');
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

function latest(vocab: Vocabulary): string | undefined {
  let best: string | undefined;
  for (const d of Object.values(vocab.newest)) if (!best || d > best) best = d;
  return best;
}

function truncate(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
}
