// The deterministic understander: slash commands, and common plain-English requests read with patterns (models,
// symbols, dates, quantities) plus the chat's memory for follow-ups ("it", "that model", "now compare it with rsi",
// "what about ema 12/26?"). Serves when there is no language model, and whenever it fails.
import type { IntentDefinition, UnderstoodIntent } from '../intent.ts';
import type { ChatState } from '../chat-state.ts';
import { textReply, type ReplyButton } from '../reply.ts';
import { findAssetNames } from '../../engine/data/market-names.ts';
import { findCategory } from './english/category-words.ts';
import { classifyIntent, TREND } from './english/classify.ts';
import { findWindow } from './english/date-words.ts';
import { findFamilyWords, findMisspelledModels, findModels, MODEL_REFERENCE, MODELS_REFERENCE, resolveModelWords } from './english/model-words.ts';
import { correctSpelling } from './english/spelling.ts';
import { findSymbols, findUnknownTicker, MARKET_SYMBOL, MARKET_WORDS, SYMBOL_REFERENCE } from './english/symbol-words.ts';
import { findTimeframe, timeframeWords } from './english/timeframe-words.ts';
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
const ANALYSIS = new Set(['backtest', 'compare', 'predict', 'volatility', 'risk', 'regime', 'recommend', 'leaderboard', 'evaluate', 'accuracy', 'why', 'overbought']);

/** Intents that read a symbol's bars, where a sentence asking for other bars ("hourly", "5 minute") must be answered. */
const ON_BARS = new Set(['backtest', 'compare', 'predict', 'volatility', 'risk', 'regime', 'recommend', 'overbought', 'model']);

/** The intents that take a model; a family word ("lstm") is resolved for them. */
const TAKES_MODEL = new Set(['backtest', 'compare', 'predict', 'volatility', 'model', 'accuracy', 'evaluate']);

/** "the best one", "the top model", "the winner": the first row of the chat's last ranking. */
const BEST_REFERENCE = /\bthe (?:best|top|winning|leading|first|highest[- ]ranked|top[- ]ranked|number one|#1|no\.? ?1)(?: one| model| strategy| pick| of them)?\b|\bthe winner\b|\btop pick\b/;

/** Intents whose answer ranks models; "the best one" refers to their first row. */
const RANKINGS = new Set(['leaderboard', 'recommend']);

/** A default model for each button when a backtest names none. */
const EXAMPLE_MODELS = ['sma-cross-20-50', 'rsi-14-30-70', 'momentum-252'];

export function understandText(text: string, memory: ChatState, vocab: Vocabulary, intents: readonly IntentDefinition[]): Understanding {
  const slash = parseSlash(text, vocab, intents);
  if (slash.kind === 'intent') return { kind: 'intent', intent: normalize(slash.intent) };
  if (slash.kind === 'unknown-command') {
    return { kind: 'unknown', reply: `There is no /${slash.command} command. Send /help to see what I can do.` };
  }
  // A misspelt word that names an intent outright ("autopliot status") is corrected first; other misspelt words
  // only when the sentence reads as nothing without the correction ("recomend something for aapl"). Either is said.
  const lower = text.trim().replace(/[?!.]+$/, '').toLowerCase();
  const strong = correctSpelling(lower, true);
  const first = readSentence(strong.fixes.length > 0 ? strong.text : text, memory, vocab, intents);
  if (first.kind !== 'unknown' && strong.fixes.length > 0) return withNote(first, strong.fixes);
  if (first.kind !== 'unknown') return first;
  const fixed = correctSpelling(strong.text);
  if (fixed.fixes.length === 0) return first;
  const again = readSentence(fixed.text, memory, vocab, intents);
  if (again.kind === 'unknown') return first;
  return withNote(again, [...strong.fixes, ...fixed.fixes]);
}

/** The understanding with "(I read "recomend" as "recommend".)" for the answer. */
function withNote(u: Understanding, fixes: readonly [string, string][]): Understanding {
  const note = `(I read ${fixes.map(([typed, meant]) => `"${typed}" as "${meant}"`).join(', ')}.)`;
  if (u.kind === 'intent') return { ...u, note };
  if (u.kind === 'ask') return { ...u, reply: { ...u.reply, text: `${note}\n${u.reply.text}` } };
  return u;
}

/** One plain-English sentence read with the rules, the chat's memory and the vocabulary. */
function readSentence(text: string, memory: ChatState, vocab: Vocabulary, intents: readonly IntentDefinition[]): Understanding {
  const original = text.trim().replace(/[?!.]+$/, '');
  const lower = original.toLowerCase();
  // "backtest bolinger on spx": a misspelled name is kept as typed, in its place among the models, so the handler
  // answers with the closest model ids.
  const mentions = [...findModels(lower, vocab.isModelId), ...findMisspelledModels(lower).map((w) => ({ id: w.word, at: w.at, end: w.at + w.word.length }))];
  mentions.sort((a, b) => a.at - b.at);
  const models = mentions.map((m) => m.id);
  const families = findFamilyWords(lower, (vocab.models ?? []).map((m) => m.id), mentions);
  // Markets the store does not hold ("bitcoin", "gold", "EURUSD") are names too: asked about, never swapped for SPX.
  const stored = new Set(vocab.symbols);
  const assets = findAssetNames(lower).filter((a) => !stored.has(a.symbol));
  const symbols = findSymbols(original, vocab.symbols).map((s) => s.symbol);
  for (const a of assets) if (!symbols.includes(a.symbol)) symbols.push(a.symbol);
  const market = symbols.length === 0 && MARKET_WORDS.test(lower);
  const followUp = FOLLOW_UP.test(lower) || /\b(?:instead|as well|too)\b/.test(lower);
  const refModel = MODEL_REFERENCE.test(lower);
  const refModels = MODELS_REFERENCE.test(lower);
  const refSymbol = SYMBOL_REFERENCE.test(lower);

  let name = classifyIntent(lower, { hasModel: models.length > 0 || families.length > 0 || (refModel && !!memory.model), hasSymbol: symbols.length > 0 || market });
  // "what about ema 12/26?", "and on AAPL?", "same for rsi": the last intent again with what changed.
  if (!name && followUp && memory.lastIntent) name = memory.lastIntent.name;
  if (!name && (models.length > 0 || families.length > 0)) name = 'backtest';
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
  // What a follow-up may inherit comes from the chat's last request only, and only what it does not name itself: its
  // window when it was a backtest or a comparison of the same symbol; its model when it named one. A window or a model
  // from several requests back is not carried into a new question.
  const last = memory.lastIntent;
  const lastArgs = last?.args ?? {};
  const lastWindow = last && (last.name === 'backtest' || last.name === 'compare') ? { from: lastArgs.from as string | undefined, to: lastArgs.to as string | undefined } : {};
  const lastSymbol = typeof lastArgs.symbol === 'string' ? lastArgs.symbol : undefined;
  const ranked = last && RANKINGS.has(last.name) ? memory.ranking?.models[0] : undefined;
  const lastModel = typeof lastArgs.model === 'string' ? lastArgs.model : Array.isArray(lastArgs.models) ? (lastArgs.models[0] as string | undefined) : ranked;
  const best = models.length === 0 && families.length === 0 && BEST_REFERENCE.test(lower) && TAKES_MODEL.has(name);
  // A follow-up keeps the last window unless it names a new one; so does a backtest that names neither a model nor a
  // symbol ("show me the chart", "what is its sharpe?"): it is about the last one.
  const aboutLast = name === 'backtest' && models.length === 0 && !named && !!lastModel;
  const inherit = !best && !saidWindow && (followUp || refModel || refModels || refSymbol || aboutLast) && (!named || named === lastSymbol || symbol === lastSymbol);
  const window = saidWindow ? said : inherit ? lastWindow : {};
  const args: Record<string, unknown> = {};
  const same = last?.name === name && followUp ? lastArgs : {};

  // "backtest the best one": the top row of the chat's last ranking, on its symbol, with no older window.
  if (best) {
    if (!ranked) {
      const on = symbol ?? MARKET_SYMBOL;
      return ask(
        { name, args: normalize({ name, args: { symbol } }).args },
        `Best by which ranking? This chat has not ranked models yet: ask for the leaderboard or a recommendation for ${on} first, then "${name} the best one".`,
        [
          { label: `Leaderboard ${on}`, data: `/leaderboard ${on}` },
          { label: `Recommend for ${on}`, data: `/recommend ${on}` },
        ],
      );
    }
    models.push(ranked);
  }

  // Bars the store does not hold ("on 5 minute bars", "hourly"): said, with what there is, and nothing run.
  const tf = ON_BARS.has(name) ? findTimeframe(lower) : undefined;
  if (tf && symbol) {
    const held = vocab.timeframes?.[symbol];
    const has = tf.timeframe !== undefined && (held ? held.includes(tf.timeframe) : false);
    const usable = has && (name === 'backtest' || (held && held[0] === tf.timeframe));
    if (!usable && (held || tf.timeframe === undefined)) {
      const holds = held && held.length > 0 ? `the store holds ${symbol} as ${held.map(timeframeWords).join(' and ')} bars` : `the store has no bars for ${symbol}`;
      const why = has ? `/${name} reads ${symbol}'s ${timeframeWords(held![0]!)} bars only` : holds;
      return ask(
        null,
        `There are no ${tf.label} bars of ${symbol} for this, so nothing was run: ${why}. ` +
          (tf.timeframe === undefined || !has
            ? `Intraday bars (hourly, 1-minute) can be pulled with /pull polygon ${symbol} or /pull alpaca ${symbol} when their keys are set; or ask again on the bars there are.`
            : 'Ask again without the bar length.'),
        [],
      );
    }
    if (name === 'backtest' && has) args.timeframe = tf.timeframe;
  }

  // Family words: "lstm" names two registry ids, "xgboost" none.
  if (models.length === 0 && families.length > 0 && TAKES_MODEL.has(name)) {
    const f = families[0]!;
    const on = symbol ?? MARKET_SYMBOL;
    if (f.ids.length === 0) {
      return ask(
        null,
        `There is no ${f.word} model in the registry. Its learning models are random forests, decision trees (CART), kNN, naive Bayes and logistic regression, and feed-forward, LSTM and GRU neural nets: /models machine-learning, /models neural.`,
        [
          { label: 'Machine-learning models', data: '/models machine-learning' },
          { label: 'Neural models', data: '/models neural' },
        ],
      );
    }
    const outputs = new Map((vocab.models ?? []).map((m) => [m.id, m.output]));
    const needsPosition = name === 'backtest' || name === 'compare';
    let fit = needsPosition ? f.ids.filter((id) => outputs.get(id) === 'position') : f.ids;
    // "the lstm with 10 lags": the member with those lags.
    const lags = /\b(\d{1,3})[- ]?lags?\b|\blags?\s*(\d{1,3})\b/.exec(lower);
    if (lags && fit.length > 1) {
      const n = lags[1] ?? lags[2];
      const narrowed = fit.filter((id) => new RegExp(`-lags${n}(?:-|$)`).test(id));
      if (narrowed.length > 0) fit = narrowed;
    }
    const list = f.ids.length <= 4 ? f.ids.join(', ') : `${f.ids.slice(0, 4).join(', ')} and ${f.ids.length - 4} more`;
    if (fit.length === 0) {
      return ask(
        null,
        `"${f.word}" names ${f.ids.length} model${f.ids.length === 1 ? '' : 's'} (${list}); they forecast the next bar's return rather than take positions, so they cannot be backtested. Their current forecast, or how often they were right:`,
        [
          ...f.ids.slice(0, 2).map((id) => ({ label: `Forecast ${id}`, data: `/predict ${on} ${id}` })),
          { label: `Accuracy ${f.ids[0]}`, data: `/accuracy ${f.ids[0]} ${on}` },
        ],
      );
    }
    if (fit.length > 1 && name !== 'evaluate') {
      const tail = [window.from, window.to].filter(Boolean).join(' ');
      const cmd = (id: string) =>
        name === 'model' ? `/model ${id}` : name === 'predict' || name === 'volatility' ? `/${name} ${on} ${id}` : name === 'accuracy' ? `/accuracy ${id} ${on}` : `/${name} ${id} ${on}${tail ? ` ${tail}` : ''}`;
      return ask(
        null,
        `Which ${f.word} model? The registry has ${fit.length}: ${fit.slice(0, 6).join(', ')}${fit.length > 6 ? ', ...' : ''}.`,
        fit.slice(0, 4).map((id) => ({ label: id, data: cmd(id) })),
      );
    }
    models.push(...(name === 'evaluate' ? fit : [fit[0]!]));
  }

  switch (name) {
    case 'backtest': {
      args.model = models[0] ?? (same.model as string | undefined) ?? lastModel ?? (refModel ? memory.model : undefined);
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
      // "autopilot on ORCL": the symbols it should trade are carried, so the answer can take them or say why not.
      if (symbols.length > 0) args.symbols = symbols;
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

function ask(intent: UnderstoodIntent | null, text: string, buttons: ReplyButton[]): Understanding {
  return { kind: 'ask', intent, reply: textReply(text, buttons.length > 0 ? { buttons } : {}) };
}

/** "set max position to 10%" -> symbolWeight 0.1; "max exposure 80%", "daily loss limit to 2%", "at most 5 positions". */
export function limitChanges(lower: string): Record<string, number> {
  const out: Record<string, number> = {};
  const percent = (re: RegExp) => {
    const m = re.exec(lower);
    return m ? Number(m[1]) / 100 : undefined;
  };
  const dailyLoss = percent(/\bdaily loss(?: limit)?\D{0,20}?(\d+(?:\.\d+)?)\s*%/);
  const gross = percent(/\b(?:gross )?exposure(?: limit)?\D{0,20}?(\d+(?:\.\d+)?)\s*%/);
  const weight = percent(/\b(?:position|positions|weight|symbol|stock|per (?:symbol|stock|position)|position size)\b(?: (?:size|weight|limit))?\D{0,20}?(\d+(?:\.\d+)?)\s*%/);
  const count = /\b(\d{1,4})\s+(?:open )?positions\b|\b(?:number of |open |max(?:imum)? )positions\D{0,20}?(\d{1,4})\b(?!\s*%|\.\d)/.exec(lower);
  if (dailyLoss !== undefined) out.dailyLoss = dailyLoss;
  if (gross !== undefined) out.grossExposure = gross;
  if (weight !== undefined && weight !== dailyLoss && weight !== gross) out.symbolWeight = weight;
  if (count) out.positions = Number(count[1] ?? count[2]);
  return out;
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

function latest(vocab: Vocabulary): string | undefined {
  let best: string | undefined;
  for (const d of Object.values(vocab.newest)) if (!best || d > best) best = d;
  return best;
}
