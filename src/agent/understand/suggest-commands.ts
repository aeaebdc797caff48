// The answer when the offline understander cannot read a message: the commands closest to what was asked, by the
// words the message shares with each intent's name and description, plus a few words people use for what an intent
// shows ("price" for /quote); with nothing close, examples of what to ask.
import { shortDescription, type IntentDefinition } from '../intent.ts';

/** Words that name what an intent shows without sharing its words, and the intents that answer them (most useful first). */
const HINTS: { re: RegExp; intents: string[]; note: string }[] = [
  {
    re: /\bprices?\b|\bquotes?\b|\btrading at\b|\b(?:last|latest|closing) (?:close|price)\b|\bhow much is\b|\btrades? at\b/,
    intents: ['quote', 'data', 'positions'],
    note: '/quote SYMBOL gives a symbol\'s latest price with its date and source; /positions the last price of what you hold.',
  },
];

/** Words too common to tell intents apart. */
const STOP = new Set([
  'the', 'and', 'for', 'with', 'what', 'whats', 'which', 'this', 'that', 'from', 'into', 'over', 'show', 'tell', 'give',
  'please', 'can', 'you', 'your', 'are', 'is', 'was', 'how', 'does', 'did', 'have', 'has', 'its', 'their', 'there',
  'about', 'them', 'they', 'one', 'each', 'every', 'all', 'any', 'now', 'today', 'some', 'more', 'most', 'when', 'where',
  'why', 'who', 'would', 'could', 'should', 'will', 'not', 'but', 'out', 'get', 'got', 'let', 'see', 'need', 'want',
  'like', 'just', 'also', 'then', 'than', 'very', 'much', 'many', 'symbol', 'symbols', 'model', 'models', 'hello',
]);

function words(text: string): string[] {
  return (text.toLowerCase().match(/[a-z][a-z&-]{2,}/g) ?? []).filter((w) => !STOP.has(w));
}

/** Two words match when one starts with the other's first five letters ("prices" and "price", "volatile" and "volatility"). */
function sameWord(a: string, b: string): boolean {
  const n = Math.min(5, a.length, b.length);
  return a.length >= 3 && b.length >= 3 && a.slice(0, n) === b.slice(0, n) && (n === 5 || a === b);
}

/** Up to `limit` intents closest to the sentence, best first. */
export function closestCommands(lower: string, intents: readonly IntentDefinition[], limit = 3): IntentDefinition[] {
  const hinted = HINTS.filter((h) => h.re.test(lower)).flatMap((h) => h.intents);
  const said = words(lower);
  const scored = intents
    .map((def, order) => {
      const own = new Set([def.name, ...words(def.description)]);
      const score = said.filter((w) => [...own].some((o) => sameWord(w, o))).length + (said.includes(def.name) ? 1 : 0);
      return { def, order, score };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map((x) => x.def);
  const byName = (n: string) => intents.find((i) => i.name === n);
  const out = [...hinted.map(byName).filter((d): d is IntentDefinition => !!d), ...scored];
  return [...new Set(out)].slice(0, limit);
}

/** The reply to a message no rule reads. */
export function notUnderstood(text: string, lower: string, intents: readonly IntentDefinition[]): string {
  const head = `I did not understand "${truncate(text.trim(), 80)}".`;
  const note = HINTS.find((h) => h.re.test(lower))?.note;
  const close = closestCommands(lower, intents);
  if (close.length === 0) {
    return `${head} Try "backtest a 20/50 sma crossover on SPX since 2010", "compare it with rsi", "volatility forecast for SPX", or send /help.`;
  }
  const lines = close.map((d) => `${d.usage}  ${shortDescription(d.description)}`);
  return `${head}${note ? ` ${note}` : ''} The closest commands:\n${lines.join('\n')}\nOr send /help for everything I can do.`;
}

function truncate(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
}
