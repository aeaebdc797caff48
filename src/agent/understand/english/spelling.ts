// Did-you-mean for the words that pick an intent: "recomend", "backtets", "volatilty", "leaderbord", "positons". A
// sentence no rule reads is read again with its misspelt words corrected; the correction is said in the answer.
import { editDistance } from '../../../registry/catalog.ts';

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
const KEEP = new Set(['test', 'tell', 'well', 'cell', 'rest', 'west', 'hole', 'bold', 'told', 'cold', 'gold', 'what', 'that', 'week', 'seek', 'weak', 'help', 'held', 'both', 'much', 'such', 'made', 'make', 'trade', 'traded', 'trader', 'model', 'rates', 'risky', 'closed', 'closer', 'return']);

export interface Corrected {
  text: string;
  /** Each correction as [typed, meant]. */
  fixes: [string, string][];
}

/** The sentence with misspelt keywords replaced; `fixes` is empty when nothing was corrected. */
export function correctSpelling(lower: string): Corrected {
  const fixes: [string, string][] = [];
  const text = lower.replace(/[a-z]{4,}/g, (word) => {
    if (SET.has(word) || KEEP.has(word)) return word;
    const reach = word.length >= 8 ? 2 : 1;
    let best: string | undefined;
    let bestD = Infinity;
    for (const k of KEYWORDS) {
      if (Math.abs(k.length - word.length) > reach) continue;
      const d = editDistance(word, k);
      if (d < bestD) [best, bestD] = [k, d];
    }
    if (!best || bestD > reach || bestD === 0) return word;
    fixes.push([word, best]);
    return best;
  });
  return { text, fixes };
}
