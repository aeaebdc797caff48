// Finds the symbol a sentence names: index names ("S&P 500", "SP500", "the S&P"), company names of the stored stocks,
// tickers present in the store, and upper-case tickers after "on", "for", "of" (so an unknown one gets "did you mean").

const NAMES: [RegExp, string][] = [
  [/\bs\s*&\s*p(?:\s*-?\s*500)?\b|\bsp\s*-?\s*500\b|\bsnp\s*500\b|\bthe s&p\b|\bspx\b|\bstandard (?:&|and) poor'?s(?: 500)?\b/i, 'SPX'],
  [/\bapple\b/i, 'AAPL'],
  [/\bamazon\b/i, 'AMZN'],
  [/\bgoogle\b|\balphabet\b/i, 'GOOG'],
  [/\bmicrosoft\b/i, 'MSFT'],
  [/\bibm\b/i, 'IBM'],
];

/** Upper-case words that are not tickers. */
const NOT_TICKERS = new Set([
  'I', 'A', 'SMA', 'EMA', 'RSI', 'MACD', 'GARCH', 'ADX', 'CCI', 'VAR', 'OK', 'PNL', 'USD', 'AND', 'OR', 'THE', 'ON', 'VS', 'ML',
  'AI', 'BPS', 'CAGR', 'DD', 'YES', 'NO', 'MA', 'EWMA', 'AR', 'OLS', 'ID', 'P', 'L', 'PSAR', 'ETF', 'IS', 'IT', 'TO', 'IN',
]);

export interface SymbolMention {
  symbol: string;
  at: number;
}

/** The symbols named in the sentence, in order. `known` are the symbols with bars in the store. */
export function findSymbols(original: string, known: readonly string[]): SymbolMention[] {
  const out: SymbolMention[] = [];
  for (const [re, symbol] of NAMES) {
    const m = re.exec(original);
    if (m) out.push({ symbol, at: m.index });
  }
  const knownSet = new Set(known);
  const re = /\b([A-Za-z][A-Za-z0-9.]{0,5})\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(original)) !== null) {
    const word = m[1]!;
    const upper = word.toUpperCase();
    if (NOT_TICKERS.has(upper) || out.some((o) => o.symbol === upper)) continue;
    const before = original.slice(Math.max(0, m.index - 12), m.index).toLowerCase();
    const isUpper = word === upper && /[A-Z]/.test(word);
    // A stored ticker in any case if it is not a common word; an unknown one only written in capitals after a preposition.
    if (knownSet.has(upper) && (isUpper || upper.length >= 3)) out.push({ symbol: upper, at: m.index });
    else if (isUpper && upper.length >= 2 && /\b(?:on|for|of|in|buy|sell|short|close|\d)\s+$/.test(before)) out.push({ symbol: upper, at: m.index });
  }
  out.sort((a, b) => a.at - b.at);
  return out;
}

/** "the same symbol", "same stock", "there", "it" for trades: the chat's last symbol. */
export const SYMBOL_REFERENCE = /\b(?:same symbol|same stock|same ticker|same index|same market|same one|that symbol|that stock|there)\b/;

/**
 * The market as a whole: "the market", "the stock market", "stocks" (in general, not "which stocks"), "equities".
 * In the embedded data that is SPX, the S&P 500. Read only when no symbol is named.
 */
export const MARKET_WORDS =
  /\bthe (?:(?:overall|broad|broader|whole|wider|general|us|u\.s\.|american) )?(?:stock |equity )?markets?\b(?! orders?)|\bstock market\b|(?<!\b(?:which|what|my|your|our|other|these|those|some|individual|the|many|few|more)\s)\bstocks\b|\bequities\b/;

/** The symbol the market words stand for. */
export const MARKET_SYMBOL = 'SPX';

/** Words that follow "on", "for", "of" without being a ticker. */
const NOT_TICKER_WORDS = new Set([
  'it', 'its', 'that', 'this', 'them', 'those', 'these', 'both', 'all', 'each', 'every', 'same', 'one', 'ones', 'other',
  'me', 'us', 'you', 'my', 'our', 'your', 'his', 'her', 'their', 'a', 'an', 'the', 'some', 'any', 'now', 'today',
  'tomorrow', 'next', 'last', 'past', 'year', 'years', 'month', 'months', 'week', 'weeks', 'day', 'days',
  'data', 'market', 'stock', 'stocks', 'index', 'chart', 'model', 'models', 'signal', 'risk', 'regime', 'trend',
  'sharpe', 'return', 'cost', 'costs', 'time', 'real', 'paper', 'sale', 'ever', 'long', 'short', 'once', 'free', 'fun',
  'what', 'which', 'how', 'why', 'who', 'when', 'where', 'there', 'here', 'then', 'than', 'and', 'or', 'not', 'no',
  'yes', 'mine', 'sure', 'while', 'shares', 'share', 'bars', 'prices', 'price', 'news', 'daily', 'weekly',
]);

/**
 * A word in the place of a symbol ("backtest rsi on spy", "on the nasdaq") that is no stored ticker: taken as the
 * ticker the user means, so the handler can answer "no data for SPY; did you mean SPX". `skip` says which positions
 * belong to other words (a model's name: "the hit rate of macd").
 */
export function findUnknownTicker(lower: string, skip: (at: number) => boolean): string | undefined {
  for (const m of lower.matchAll(/\b(?:on|for|of)\s+(?:the\s+)?([a-z][a-z.]{0,5})\b(?![-'&])/g)) {
    const word = m[1]!;
    const at = m.index + m[0].length - word.length;
    if (!NOT_TICKER_WORDS.has(word) && !skip(at)) return word.toUpperCase();
  }
  return undefined;
}
