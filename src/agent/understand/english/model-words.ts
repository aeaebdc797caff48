// Finds the models a sentence names: registry ids as typed, and the words people use for them ("20/50 SMA
// crossover", "golden cross", "RSI", "GARCH", "MACD", "bollinger", "momentum", "buy and hold").
import { editDistance } from '../../../registry/catalog.ts';

export interface ModelMention {
  id: string;
  /** Where in the sentence it was named (models are returned in the order they were mentioned). */
  at: number;
  /** Just after the words that named it. */
  end: number;
}

interface Pattern {
  re: RegExp;
  id: (m: RegExpExecArray) => string;
}

const MA = String.raw`(?:sma|simple moving[- ]averages?|moving[- ]averages?|ma|mas|sma's|day moving averages?)`;
const EMA = String.raw`(?:ema|emas|exponential moving[- ]averages?)`;
const CROSS = String.raw`(?:cross(?:over|overs|ing)?|cross-over)`;
const PAIR = String.raw`(\d{1,3})\s*(?:/|-|\s|and|x|over|,)\s*(\d{1,3})`;

/** Longer, more specific patterns first: a span claimed by one is not matched again. */
const PATTERNS: Pattern[] = [
  // A registry id as typed, whatever its shape (ar-1-w504, nn-ff-8-lags5, ens-vote-momentum, real-rate-regime): first,
  // so no synonym inside it ("momentum") is read. Kept only when it is a known id.
  { re: /(?<![a-z0-9.-])[a-z][a-z0-9.]*(?:-[a-z0-9.]*[a-z0-9])+(?![a-z0-9-])/g, id: (m) => m[0] },
  { re: /\b([a-z]+(?:-[a-z]+)*(?:-\d+(?:\.\d+)?)+|buy-and-hold)\b/g, id: (m) => m[1]! }, // an id as typed, known or not
  { re: /\bgolden[- ]cross\b|\bdeath[- ]cross\b/g, id: () => 'sma-cross-50-200' },
  { re: new RegExp(String.raw`\b${PAIR}\s*(?:day\s*)?${EMA}(?:\s*${CROSS})?`, 'g'), id: (m) => `ema-cross-${m[1]}-${m[2]}` },
  { re: new RegExp(String.raw`\b${EMA}\s*(?:${CROSS}\s*)?\(?${PAIR}\)?`, 'g'), id: (m) => `ema-cross-${m[1]}-${m[2]}` },
  { re: new RegExp(String.raw`\b${EMA}\s*${CROSS}|\b${EMA}\b`, 'g'), id: () => 'ema-cross-12-26' },
  { re: new RegExp(String.raw`\b${PAIR}\s*(?:day\s*)?${MA}(?:\s*${CROSS})?`, 'g'), id: (m) => `sma-cross-${m[1]}-${m[2]}` },
  { re: new RegExp(String.raw`\b${MA}\s*(?:${CROSS}\s*)?\(?${PAIR}\)?`, 'g'), id: (m) => `sma-cross-${m[1]}-${m[2]}` },
  { re: new RegExp(String.raw`\b${PAIR}\s*${CROSS}`, 'g'), id: (m) => `sma-cross-${m[1]}-${m[2]}` },
  { re: new RegExp(String.raw`\b${MA}\s*${CROSS}|\b(?:sma|moving[- ]average)\b`, 'g'), id: () => 'sma-cross-20-50' },
  {
    re: /\brsi\s*\(?(\d{1,2})?\)?(?:\s*(?:with\s*)?(?:bands?\s*)?(\d{1,2})\s*\/\s*(\d{1,2}))?/g,
    id: (m) => `rsi-${m[1] ?? '14'}-${m[2] ?? '30'}-${m[3] ?? '70'}`,
  },
  { re: /\brelative strength(?: index)?\b/g, id: () => 'rsi-14-30-70' },
  { re: /\bgarch\b(?:\s*\(?1\s*,\s*1\)?)?/g, id: () => 'garch-1-1' },
  { re: /\bmacd\b(?:\s*\(?(\d{1,2})[,/ ]+(\d{1,2})[,/ ]+(\d{1,2})\)?)?/g, id: (m) => (m[1] ? `macd-${m[1]}-${m[2]}-${m[3]}` : 'macd-12-26-9') },
  { re: /\bbollinger(?: bands?)?(?: reversion)?\b/g, id: () => 'bollinger-reversion-20-2' },
  { re: /\bdonchian(?: breakout| channels?)?\b/g, id: () => 'donchian-breakout-20' },
  { re: /\bkeltner(?: breakout| channels?)?\b/g, id: () => 'keltner-breakout-20-2' },
  { re: /\badx\b/g, id: () => 'adx-trend-14-25' },
  { re: /\bparabolic sar\b|\bpsar\b/g, id: () => 'parabolic-sar-2-20' },
  { re: /\bstochastic\b/g, id: () => 'stochastic-14-20-80' },
  { re: /\bwilliams(?: %?r)?\b/g, id: () => 'williams-r-14-80-20' },
  { re: /\bcci\b/g, id: () => 'cci-20-100' },
  { re: /\bz-?score\b/g, id: () => 'zscore-reversion-20-2' },
  { re: /\b(\d{2,3})[- ]day momentum\b|\bmomentum\s*\(?(\d{2,3})\)?/g, id: (m) => `momentum-${m[1] ?? m[2]}` },
  { re: /\b(?:12[- ]month |time[- ]series )?momentum\b/g, id: () => 'momentum-252' },
  { re: /\bbuy[- ]and[- ]hold(?:ing)?\b|\bbuy & hold\b|\bjust holding\b/g, id: () => 'buy-and-hold' },
];

/** Tokens that look like ids but are not models (dates, tickers with dashes). */
const NOT_IDS = /^\d{4}-\d{2}-\d{2}$/;

/** Models named in `lower` (a lower-cased sentence), in order of mention, each once. */
export function findModels(lower: string, isKnownId: (id: string) => boolean): ModelMention[] {
  const taken: [number, number][] = [];
  const found: ModelMention[] = [];
  const overlaps = (a: number, b: number) => taken.some(([x, y]) => a < y && b > x);
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.re.exec(lower)) !== null) {
      const start = m.index;
      const end = start + m[0].length;
      if (m[0].length === 0) {
        p.re.lastIndex++;
        continue;
      }
      if (overlaps(start, end)) continue;
      const id = p.id(m);
      if (p === PATTERNS[0] && !isKnownId(id)) continue;
      // Unknown typed ids must look like the registry's (letters then dashes and numbers), so the handler can say
      // "did you mean".
      if (p === PATTERNS[1] && (NOT_IDS.test(id) || !(isKnownId(id) || /^[a-z]+(?:-[a-z]+)*-\d/.test(id)))) continue;
      taken.push([start, end]);
      // Some patterns take the space after a name ("rsi " before an optional period): the mention ends at the words.
      found.push({ id, at: start, end: start + m[0].trimEnd().length });
    }
  }
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  return found.filter((f) => (seen.has(f.id) ? false : (seen.add(f.id), true)));
}

/**
 * Slash-command arguments with the same synonyms as English resolved to registry ids (`/backtest rsi spx` ->
 * `/backtest rsi-14-30-70 spx`, `/volatility spx garch` -> garch-1-1). Only known ids replace words, so a mistyped id
 * still reaches the handler's "did you mean"; and a word written as a stored ticker (`ADX` typed in capitals when ADX
 * is in the store) stays a symbol.
 */
export function resolveModelWords(text: string, isKnownId: (id: string) => boolean, isSymbol: (word: string) => boolean): string {
  const lower = text.toLowerCase();
  // Lower-casing keeps positions for the characters people type in commands; when it would not, leave the text alone.
  if (lower.length !== text.length) return text;
  let out = '';
  let at = 0;
  for (const m of findModels(lower, isKnownId)) {
    const said = text.slice(m.at, m.end);
    if (!isKnownId(m.id) || (said === said.toUpperCase() && isSymbol(said))) continue;
    out += text.slice(at, m.at) + m.id;
    at = m.end;
  }
  return out + text.slice(at);
}

/**
 * Indicator names people misspell ("bolinger", "donchain", "momentom"). Only long names: short ones are an edit or two
 * from ordinary words ("garch" and "march", "macd" and "made").
 */
const SPELLED_NAMES = ['bollinger', 'donchian', 'keltner', 'stochastic', 'williams', 'parabolic', 'momentum'];

/**
 * Words that misspell a model's name, as typed and where they are, so the handler answers "there is no model
 * "bolinger"; did you mean bollinger-reversion-20-2 ...".
 */
export function findMisspelledModels(lower: string): { word: string; at: number }[] {
  const out: { word: string; at: number }[] = [];
  for (const m of lower.matchAll(/[a-z]{6,}/g)) {
    const word = m[0];
    // A real word that begins the name ("moment", "moments" for momentum) is not a misspelling of it.
    const near = SPELLED_NAMES.some((name) => {
      if (name.startsWith(word) || name.startsWith(word.replace(/s$/, ''))) return false;
      const d = editDistance(word, name);
      return d > 0 && d <= (name.length >= 8 ? 2 : 1);
    });
    if (near) out.push({ word, at: m.index });
  }
  return out;
}

/** "it", "its", "that model", "the same model", "this strategy": the chat's last model. */
export const MODEL_REFERENCE = /\b(?:it|its|that model|this model|the same model|same model|that strategy|this strategy|that one|the model|that)\b/;
/** "them", "those", "both", "these models": the chat's last models. */
export const MODELS_REFERENCE = /\b(?:them|those|both|these models|those models|the two|these)\b/;

/**
 * Family names that stand for several registry ids ("lstm": nn-lstm-4-lags5 and nn-lstm-4-lags10) or for none
 * ("xgboost"). `ids` finds the members among the registry's ids; null: the registry has no such family.
 */
const FAMILY_WORDS: { re: RegExp; word: string; ids: RegExp | null }[] = [
  { re: /\blstms?\b|\blong short[- ]term memory\b/g, word: 'lstm', ids: /^nn-lstm-/ },
  { re: /\bgrus?\b|\bgated recurrent\b/g, word: 'gru', ids: /^nn-gru-/ },
  { re: /\bfeed[- ]?forward(?: (?:net(?:work)?s?|nn))?\b/g, word: 'feed-forward net', ids: /^nn-ff-/ },
  { re: /\bneural (?:net(?:work)?s?|models?)\b|\bdeep learning\b|\bnns?\b/g, word: 'neural net', ids: /^nn-/ },
  { re: /\brandom forests?\b|\brf\b/g, word: 'random forest', ids: /^rf-/ },
  { re: /\bdecision trees?\b|\bcart\b/g, word: 'decision tree', ids: /^cart-/ },
  { re: /\bknn\b|\bk[- ]?nearest(?: neighbou?rs?)?\b/g, word: 'kNN', ids: /^knn-/ },
  { re: /\bnaive[- ]bayes\b/g, word: 'naive Bayes', ids: /^gnb-/ },
  { re: /\blogistic(?: regression)?\b/g, word: 'logistic regression', ids: /^logreg-/ },
  { re: /\bhidden markov(?: models?)?\b|\bhmms?\b/g, word: 'hidden Markov model', ids: /^hmm-/ },
  { re: /\bxgboost\b|\blight ?gbm\b|\bgradient boost(?:ing|ed)?(?: trees?)?\b/g, word: 'gradient boosting', ids: null },
  { re: /\btransformers?\b/g, word: 'transformer', ids: null },
  { re: /\barima\b/g, word: 'ARIMA', ids: null },
  { re: /\bprophet\b/g, word: 'prophet', ids: null },
  { re: /\bsvms?\b|\bsupport vector(?: machines?)?\b/g, word: 'support vector machine', ids: null },
  { re: /\breinforcement learning\b|\bdqn\b/g, word: 'reinforcement learning', ids: null },
  { re: /\bchat ?gpt\b|\bgpt-?\d?\b|\bllm\b/g, word: 'language model', ids: null },
];

export interface FamilyMention {
  word: string;
  /** The registry ids of the family (empty when the registry has none). */
  ids: string[];
  at: number;
  end: number;
}

/** Family names in `lower`, with their members among `ids`; spans already taken by a model mention are skipped. */
export function findFamilyWords(lower: string, ids: readonly string[], taken: readonly { at: number; end: number }[]): FamilyMention[] {
  const out: FamilyMention[] = [];
  for (const f of FAMILY_WORDS) {
    f.re.lastIndex = 0;
    for (const m of lower.matchAll(f.re)) {
      const at = m.index;
      const end = at + m[0].length;
      if ([...taken, ...out].some((t) => at < t.end && end > t.at)) continue;
      const family = f.ids;
      out.push({ word: f.word, ids: family ? ids.filter((id) => family.test(id)) : [], at, end });
      break;
    }
  }
  return out.sort((a, b) => a.at - b.at);
}
