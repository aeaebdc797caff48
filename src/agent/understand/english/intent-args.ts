// What each intent takes from a plain-English sentence, once the sentence is read: the model, the symbol, the
// window, a quantity or a limit, each from what the sentence says or, for a follow-up, from the chat's memory.
import type { ChatState } from '../../chat-state.ts';
import type { Vocabulary } from '../understander.ts';
import { findCategory } from './category-words.ts';
import { TREND } from './classify.ts';
import { limitChanges } from './limit-words.ts';
import { chatNumberOrText } from '../chat-number.ts';

/**
 * A number as typed in a sentence, whatever its form ("1,000", "-5", "0x10", "1e-320", "2^64"): the chat's number
 * reader decides, so a form it refuses is answered with why, never read as its last digits.
 */
const NUM = String.raw`([-+\u2212]?\$?(?:\d|\.\d)\S*|[-+]?(?:nan|inf(?:inity)?)\b)`;

/** The typed number of a NUM match, without the punctuation that ends a clause ("at 2800, day"). */
function typedNumber(token: string): number | string {
  return chatNumberOrText(token.replace(/[,.;:)]+$/, ''));
}

/** The model a trend question ("is SPX in an uptrend?") is answered with. */
const TREND_MODEL = 'trend-regime-200';

type Window = { from?: string; to?: string };

/** What the sentence reader found, and what the chat's last request left to inherit. */
export interface SentenceFacts {
  text: string;
  /** The sentence as typed, without its final punctuation. */
  original: string;
  lower: string;
  memory: ChatState;
  vocab: Vocabulary;
  /** Model ids named (misspelled names kept as typed). */
  models: string[];
  symbols: string[];
  /** The symbol the request is about (named, guessed, the market, or the chat's last). */
  symbol: string | undefined;
  /** The symbol the sentence itself names, if any. */
  named: string | undefined;
  window: Window;
  said: Window;
  saidWindow: boolean;
  /** The last request's arguments when this one is a follow-up of the same intent. */
  same: Record<string, unknown>;
  lastModel: string | undefined;
  lastSymbol: string | undefined;
  lastWindow: Window;
  refModel: boolean;
  refModels: boolean;
  refSymbol: boolean;
  followUp: boolean;
}

export function intentArgs(name: string, facts: SentenceFacts): Record<string, unknown> {
  const { text, original, lower, memory, vocab, models, symbols, symbol, named, window, said, saidWindow, same } = facts;
  const { lastModel, lastSymbol, lastWindow, refModel, refModels, refSymbol, followUp } = facts;
  const args: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  switch (name) {
    case 'backtest': {
      args.model = models[0] ?? (same.model as string | undefined) ?? lastModel ?? (refModel ? memory.model : undefined);
      // "show me the chart for SPX", "the return of SPX in 2008", "how did the market do in 2008" with no model in the
      // chat: those of holding it. A request to backtest without a model ("backtest on SPX") gets the usage line.
      if (!args.model && named && !/\bback[- ]?test|\btest\b|\bsimulat/.test(lower)) args.model = 'buy-and-hold';
      args.symbol = symbol;
      Object.assign(args, window);
      const cost = new RegExp(String.raw`(?:^|\s)${NUM}\s*(?:bps|basis points?)\b`).exec(lower);
      if (cost?.[1]) args.costBps = typedNumber(cost[1]);
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
      Object.assign(args, saidWindow ? said : symbol === lastSymbol ? lastWindow : {});
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
    case 'quote':
      args.symbol = symbol;
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
      if (level) args.level = level[1] ? chatNumberOrText(`${level[1]}%`, { percent: true }) : chatNumberOrText(`0.${level[2]}`);
      break;
    }
    case 'regime':
    case 'recommend':
    case 'overbought':
      args.symbol = symbol;
      break;
    case 'limits':
      Object.assign(args, limitChanges(lower));
      break;
    case 'why':
      args.symbol = symbol;
      if (said.from && !said.to && /\b(?:on|at)\s+\d{4}-\d{2}-\d{2}/.test(lower)) args.date = said.from;
      break;
    case 'buy':
    case 'sell': {
      const qty = new RegExp(String.raw`\b(?:buy|sell|purchase|short)\s+(?:me\s+)?${NUM}`).exec(lower) ?? new RegExp(String.raw`(?:^|\s)${NUM}\s+(?:shares?|units?)\b`).exec(lower);
      if (qty) args.qty = typedNumber(qty[1]!);
      args.symbol = symbols[0] ?? (refSymbol || /\b(?:more|it)\b/.test(lower) ? memory.symbol : undefined);
      // Protective levels first ("take profit at 3000", "stop loss 2700", "trailing stop 5%"), each taken out of the
      // sentence so its "at 3000" is not read as a limit.
      let rest = lower;
      const take = (re: RegExp): string | undefined => {
        const m = re.exec(rest);
        if (!m) return undefined;
        rest = rest.replace(m[0], ' ');
        return m[1];
      };
      const level = String.raw`\s*(?:at|of|@|=)?\s*${NUM}`;
      const tp = take(new RegExp(String.raw`\b(?:take[- ]?profit|tp|profit target|target)${level}`));
      if (tp) args.tp = typedNumber(tp);
      const sl = take(new RegExp(String.raw`\b(?:stop[- ]?loss|sl)${level}`));
      if (sl) args.sl = typedNumber(sl);
      const trail = new RegExp(String.raw`\btrailing(?:[- ]stop)?(?:\s+(?:of|at|by))?\s*${NUM}(\s*(?:%|percent))?`).exec(rest);
      if (trail) {
        rest = rest.replace(trail[0], ' ');
        const pct = trail[2] !== undefined || trail[1]!.endsWith('%');
        args[pct ? 'trailPct' : 'trail'] = typedNumber(trail[1]!.replace(/%$/, ''));
      }
      const stop = take(new RegExp(String.raw`\bstop${level}`));
      if (stop) args.stop = typedNumber(stop);
      const limit = new RegExp(String.raw`(?:\b(?:at|limit(?: price)?(?: of)?)|@)\s*${NUM}`).exec(rest);
      if (limit) args.limit = typedNumber(limit[1]!);
      break;
    }
    case 'close':
      args.symbol = /\b(?:all|everything|every position|all positions)\b/.test(lower) ? 'all' : (symbols[0] ?? memory.symbol);
      break;
    case 'cancel': {
      // "#2.5" is order "2.5" (there is none), not order 2.
      const id = new RegExp(String.raw`(?:#|\border\s+)${NUM}`).exec(lower) ?? /#?(\d+)\b/.exec(lower);
      if (id) args.id = id[1]!.replace(/[,.;:)]+$/, '');
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
      // "autopilot on ORCL": the symbols it should trade are carried, so the answer can take them or say why not.
      if (symbols.length > 0) args.symbols = symbols;
      break;
    case 'report':
      if (/\bweek(?:ly)?\b/.test(lower)) args.kind = 'weekly';
      break;
    case 'trades':
    case 'daily':
    case 'weekly':
    case 'monthly': {
      // "my last 5 trades", "daily p&l for the last 3 days"
      const n = new RegExp(String.raw`(?:^|\s)${NUM}\s+(?:trades?|days?|weeks?|months?|rows?)\b`).exec(lower) ?? /\b(\d{1,3})\b/.exec(lower);
      if (n) args.count = typedNumber(n[1]!);
      break;
    }
    case 'watch': {
      const action = /\b(add|remove|drop)\b/.exec(lower)?.[1];
      if (action) args.action = action === 'drop' ? 'remove' : action;
      if (action && symbols.length > 0) args.symbols = symbols;
      break;
    }
    case 'profit': {
      const days = new RegExp(String.raw`(?:^|\s)${NUM}\s+days?\b`).exec(lower);
      if (days) args.days = typedNumber(days[1]!);
      break;
    }
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
  return args;
}
