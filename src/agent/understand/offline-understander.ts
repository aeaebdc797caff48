// The deterministic understander: slash commands, and common plain-English requests read with patterns (models,
// symbols, dates, quantities) plus the chat's memory for follow-ups ("it", "that model", "now compare it with rsi",
// "what about ema 12/26?"). Serves when there is no language model, and whenever it fails.
import { isAction, type IntentDefinition, type UnderstoodIntent } from '../intent.ts';
import type { ChatState } from '../chat-state.ts';
import { textReply, type ReplyButton } from '../reply.ts';
import { findAssetNames } from '../../engine/data/market-names.ts';
import { classifyIntent } from './english/classify.ts';
import { intentArgs } from './english/intent-args.ts';
import { findWindow } from './english/date-words.ts';
import { findFamilyWords, findMisspelledModels, findModels, MODEL_REFERENCE, MODELS_REFERENCE } from './english/model-words.ts';
import { correctSpelling } from './english/spelling.ts';
import { findSymbols, findUnknownTicker, MARKET_SYMBOL, MARKET_WORDS, SYMBOL_REFERENCE } from './english/symbol-words.ts';
import { findTimeframe, timeframeWords } from './english/timeframe-words.ts';
import { normalize } from './normalize-intent.ts';
import { parseSlash } from './slash-with-models.ts';
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

/** The follow-up opener written in any case, so the ticker after it is read as typed. */
const FOLLOW_UP_CASED = new RegExp(FOLLOW_UP.source, 'i');

/** The model that answers "what's the trend": bull or bear against the 200-day average. */

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
  // Never an action, though: a vague follow-up of /close SPX or /halt must not put the action up again; the user names it.
  if (!name && followUp && memory.lastIntent) {
    const last = intents.find((i) => i.name === memory.lastIntent!.name);
    if (last && isAction(last, memory.lastIntent.args)) {
      // A symbol the store holds, or one written as a ticker ("what about BRK.B").
      const on = symbols[0] ?? /\b(?!I\b)[A-Z][A-Z0-9]{0,5}(?:\.[A-Z]{1,2})?\b/.exec(original.replace(FOLLOW_UP_CASED, ''))?.[0];
      const ask = on ? ` To ask about ${on}, name what you want (for example /quote ${on} or /positions).` : '';
      return { kind: 'unknown', reply: `I do not repeat /${last.name} on a follow-up. To do it again, say it: ${last.usage}.${ask}` };
    }
    name = memory.lastIntent.name;
  }
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
  const found = findWindow(lower, anchor);
  // A window no query can take is said at once, with what to ask instead.
  if ('problem' in found) return ask(null, found.problem, []);
  const said = found;
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

  Object.assign(args, intentArgs(name, {
    text, original, lower, memory, vocab, models, symbols, symbol, named, window, said, saidWindow, same,
    lastModel, lastSymbol, lastWindow, refModel, refModels, refSymbol, followUp,
  }));
  return { kind: 'intent', intent: normalize({ name, args }) };
}

function ask(intent: UnderstoodIntent | null, text: string, buttons: ReplyButton[]): Understanding {
  return { kind: 'ask', intent, reply: textReply(text, buttons.length > 0 ? { buttons } : {}) };
}

function latest(vocab: Vocabulary): string | undefined {
  let best: string | undefined;
  for (const d of Object.values(vocab.newest)) if (!best || d > best) best = d;
  return best;
}
