// Finds the models a sentence names: registry ids as typed, and the words people use for them ("20/50 SMA
// crossover", "golden cross", "RSI", "GARCH", "MACD", "bollinger", "momentum", "buy and hold").

export interface ModelMention {
  id: string;
  /** Where in the sentence it was named (models are returned in the order they were mentioned). */
  at: number;
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
  { re: /\b([a-z]+(?:-[a-z]+)*(?:-\d+(?:\.\d+)?)+|buy-and-hold)\b/g, id: (m) => m[1]! }, // an id as typed
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
      // Typed ids must look like the registry's (letters then dashes and numbers), or be known.
      if (p === PATTERNS[0] && (NOT_IDS.test(id) || !(isKnownId(id) || /^[a-z]+(?:-[a-z]+)*-\d/.test(id)))) continue;
      taken.push([start, end]);
      found.push({ id, at: start });
    }
  }
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  return found.filter((f) => (seen.has(f.id) ? false : (seen.add(f.id), true)));
}

/** "it", "that model", "the same model", "this strategy": the chat's last model. */
export const MODEL_REFERENCE = /\b(?:it|that model|this model|the same model|same model|that strategy|this strategy|that one|the model|that)\b/;
/** "them", "those", "both", "these models": the chat's last models. */
export const MODELS_REFERENCE = /\b(?:them|those|both|these models|those models|the two|these)\b/;
