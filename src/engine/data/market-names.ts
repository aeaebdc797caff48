// Names of markets people ask about that the embedded store does not hold: crypto coins, commodities, currency pairs,
// other indices and well-known stocks. A sentence that names one is about that market: the answer says there is no
// data for it (with the closest stored choices), never a backtest of the default symbol in its place.

export interface AssetName {
  /** The ticker the store would hold it under (BTC, GOLD, EURUSD, NDX). */
  symbol: string;
  /** How people call it ("bitcoin"), for the answer. */
  name: string;
}

const ASSETS: { re: RegExp; symbol: string; name: string }[] = [
  { re: /\bbitcoins?\b|\bbtc(?:[-/]?usdt?)?\b|\bxbt\b/, symbol: 'BTC', name: 'bitcoin' },
  { re: /\bether(?:eum)?\b|\beth(?:[-/]?usdt?)?\b/, symbol: 'ETH', name: 'ethereum' },
  { re: /\bdoge(?:coin)?\b/, symbol: 'DOGE', name: 'dogecoin' },
  { re: /\bsolana\b/, symbol: 'SOL', name: 'solana' },
  { re: /\bripple\b|\bxrp\b/, symbol: 'XRP', name: 'ripple' },
  { re: /\bcardano\b/, symbol: 'ADA', name: 'cardano' },
  { re: /\blitecoin\b|\bltc\b/, symbol: 'LTC', name: 'litecoin' },
  { re: /\bcrypto(?:currenc(?:y|ies)|s)?\b/, symbol: 'BTC', name: 'crypto' },
  { re: /\bgold\b(?![- ]?(?:en|cross))|\bxau(?:usd)?\b/, symbol: 'GOLD', name: 'gold' },
  { re: /\bsilver\b|\bxag(?:usd)?\b/, symbol: 'SILVER', name: 'silver' },
  { re: /\b(?:crude )?oil\b|\bcrude\b|\bwti\b|\bbrent\b/, symbol: 'OIL', name: 'oil' },
  { re: /\bnatural gas\b|\bnat ?gas\b/, symbol: 'NATGAS', name: 'natural gas' },
  { re: /\beur[/ -]?usd\b|\beuro dollar\b/, symbol: 'EURUSD', name: 'EUR/USD' },
  { re: /\bgbp[/ -]?usd\b/, symbol: 'GBPUSD', name: 'GBP/USD' },
  { re: /\busd[/ -]?jpy\b/, symbol: 'USDJPY', name: 'USD/JPY' },
  { re: /\bnasdaq(?:[- ]100)?\b|\bndx\b|\bqqq\b/, symbol: 'NDX', name: 'the Nasdaq' },
  { re: /\bdow(?: jones)?\b|\bdjia\b/, symbol: 'DJI', name: 'the Dow Jones' },
  { re: /\brussell(?: 2000)?\b/, symbol: 'RUT', name: 'the Russell 2000' },
  { re: /\bvix\b/, symbol: 'VIX', name: 'the VIX' },
  { re: /\btesla\b|\btsla\b/, symbol: 'TSLA', name: 'Tesla' },
  { re: /\bnvidia\b|\bnvda\b/, symbol: 'NVDA', name: 'Nvidia' },
  { re: /\boracle\b|\borcl\b/, symbol: 'ORCL', name: 'Oracle' },
  { re: /\bmeta\b|\bfacebook\b/, symbol: 'META', name: 'Meta' },
  { re: /\bnetflix\b|\bnflx\b/, symbol: 'NFLX', name: 'Netflix' },
];

/** The first (most specific) name of each ticker: BTC is "bitcoin", not "crypto". */
const BY_SYMBOL = new Map([...ASSETS].reverse().map((a) => [a.symbol, a.name]));

/** The markets named in a lower-case sentence, in order of mention, each once. */
export function findAssetNames(lower: string): (AssetName & { at: number })[] {
  const out: (AssetName & { at: number })[] = [];
  for (const a of ASSETS) {
    const m = a.re.exec(lower);
    if (m && !out.some((o) => o.symbol === a.symbol)) out.push({ symbol: a.symbol, name: a.name, at: m.index });
  }
  return out.sort((x, y) => x.at - y.at);
}

/** What people call a ticker of this list ("bitcoin" for BTC), or undefined. */
export function assetName(symbol: string): string | undefined {
  return BY_SYMBOL.get(symbol.toUpperCase());
}
