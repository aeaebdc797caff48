// Did-you-mean for the words that pick an intent: "recomend", "backtets", "volatilty", "leaderbord", "positons". A
// sentence no rule reads is read again with its misspelt words corrected; the correction is said in the answer.

/** The words the intent rules key on, spelled right. */
const KEYWORDS = [
  'backtest', 'compare', 'comparison', 'leaderboard', 'recommend', 'recommendation', 'suggest', 'evaluate', 'accuracy',
  'predict', 'prediction', 'forecast', 'volatility', 'volatile', 'regime', 'risk', 'positions', 'position', 'portfolio',
  'holdings', 'balance', 'orders', 'cancel', 'profit', 'autopilot', 'subscribe', 'unsubscribe', 'report', 'weekly',
  'daily', 'status', 'models', 'strategy', 'strategies', 'simulate', 'overbought', 'oversold', 'exposure', 'limits',
  'resume', 'halt', 'trades', 'fills', 'history', 'performance', 'momentum', 'bollinger', 'crossover', 'average',
  'moving', 'explain', 'describe', 'sharpe', 'drawdown', 'return', 'returns', 'market', 'signal', 'signals', 'outlook',
  'trend', 'close', 'thanks', 'hello', 'summary', 'ranking', 'best', 'should', 'which', 'what', 'today', 'week',
  'month', 'price', 'chart', 'help', 'since', 'against', 'versus', 'buy', 'sell', 'hold',
];

const SET = new Set(KEYWORDS);

/** Ordinary words a keyword is one edit from, never corrected ("best" and "test", "sell" and "tell"). */
const KEEP = new Set(['test', 'tell', 'well', 'cell', 'rest', 'west', 'hole', 'bold', 'told', 'cold', 'gold', 'what', 'that', 'week', 'seek', 'weak', 'help', 'held', 'both', 'much', 'such', 'made', 'make', 'trade', 'traded', 'trader', 'model', 'rates', 'risky', 'closed', 'closer', 'return', 'balanced', 'volatile', 'forecasts', 'positive', 'compared']);

/**
 * The words that name an intent outright: corrected even when the sentence reads without them ("autopliot status"
 * must not be /status), when long enough that a near miss is no other word.
 */
const STRONG = [
  'backtest', 'leaderboard', 'recommend', 'autopilot', 'volatility', 'overbought', 'oversold', 'positions', 'portfolio',
  'subscribe', 'unsubscribe', 'evaluate', 'accuracy', 'compare', 'forecast', 'predict', 'exposure', 'balance',
];

/** Edit distance counting a swap of two neighbouring letters as one edit ("predcit" is one from "predict"). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

export interface Corrected {
  text: string;
  /** Each correction as [typed, meant]. */
  fixes: [string, string][];
}

/** The sentence with misspelt keywords replaced; `fixes` is empty when nothing was corrected. */
export function correctSpelling(lower: string, strongOnly = false): Corrected {
  const fixes: [string, string][] = [];
  const list = strongOnly ? STRONG : KEYWORDS;
  const text = lower.replace(strongOnly ? /[a-z]{6,}/g : /[a-z]{4,}/g, (word) => {
    if (SET.has(word) || KEEP.has(word)) return word;
    const reach = word.length >= 8 ? 2 : 1;
    let best: string | undefined;
    let bestD = Infinity;
    for (const k of list) {
      if (Math.abs(k.length - word.length) > reach) continue;
      const d = distance(word, k);
      if (d < bestD) [best, bestD] = [k, d];
    }
    // An inflection ("predicts", "compared") is not a misspelling.
    if (!best || bestD > reach || bestD === 0 || word.startsWith(best) || best.startsWith(word)) return word;
    fixes.push([word, best]);
    return best;
  });
  return { text, fixes };
}
