// The engineered feature sets the learned models read: lagged returns and close-only technical features.
// Every column at bar t is computed from closes up to t only.
import { macd } from '../indicators/macd.ts';
import { rollingStd } from '../indicators/rolling-std.ts';
import { rsi } from '../indicators/rsi.ts';
import { simpleReturns } from '../indicators/simple-returns.ts';
import { sma } from '../indicators/sma.ts';
import { fromColumns, type FeatureMatrix } from './feature-matrix.ts';

/** `lagsN`: the last N daily returns; `tech`: technical features; `mix`: the last 5 returns plus `tech`. */
export type FeatureSet = `lags${number}` | 'tech' | 'mix';

const techNames = ['ret1', 'ret5', 'ret20', 'rsi14', 'macd-hist', 'vol20', 'dist-sma20', 'dist-sma50', 'dist-sma200'];

/** A sentence for model cards. */
export function describeFeatureSet(set: FeatureSet): string {
  switch (set) {
    case 'tech':
      return 'technical features (1-, 5- and 20-bar returns, RSI(14), MACD(12,26,9) histogram / close, 20-bar return volatility, distance of the close from SMA 20/50/200)';
    case 'mix':
      return 'the last 5 daily returns plus technical features (5- and 20-bar returns, RSI(14), MACD histogram / close, 20-bar volatility, distance from SMA 20/50/200)';
    default:
      return `the last ${lagCount(set)} daily returns`;
  }
}

/** Bars needed before the set's first complete row (the longest look-back among its columns). */
export function featureWarmup(set: FeatureSet): number {
  return set === 'tech' || set === 'mix' ? 200 : lagCount(set);
}

function lagCount(set: FeatureSet): number {
  if (set === 'tech') return 0;
  if (set === 'mix') return 5;
  const lags = Number(set.slice(4));
  return Number.isInteger(lags) && lags >= 1 ? lags : 1;
}

/** Column k is the return k bars back: lag 0 is the return of bar t itself. */
export function laggedReturnColumns(returns: Float64Array, lags: number): Float64Array[] {
  const n = returns.length;
  const columns: Float64Array[] = [];
  for (let k = 0; k < lags; k++) {
    const c = new Float64Array(n).fill(NaN);
    for (let t = k; t < n; t++) c[t] = returns[t - k]!;
    columns.push(c);
  }
  return columns;
}

function technicalColumns(close: Float64Array, returns: Float64Array): Float64Array[] {
  const n = close.length;
  const ret5 = new Float64Array(n).fill(NaN);
  const ret20 = new Float64Array(n).fill(NaN);
  for (let t = 5; t < n; t++) ret5[t] = close[t]! / close[t - 5]! - 1;
  for (let t = 20; t < n; t++) ret20[t] = close[t]! / close[t - 20]! - 1;
  // RSI centred on 0 and scaled to [-0.5, 0.5] so it sits near the other columns' magnitude.
  const r = rsi(close, 14);
  for (let t = 0; t < n; t++) r[t] = r[t]! / 100 - 0.5;
  // The MACD histogram is in price units: divide by the close to compare across decades.
  const hist = macd(close, 12, 26, 9).histogram;
  for (let t = 0; t < n; t++) hist[t] = hist[t]! / close[t]!;
  const vol = rollingStd(returns, 20, 1);
  const dist = [20, 50, 200].map((p) => {
    const s = sma(close, p);
    for (let t = 0; t < n; t++) s[t] = close[t]! / s[t]! - 1;
    return s;
  });
  return [returns, ret5, ret20, r, hist, vol, ...dist];
}

/** The feature matrix of a set over all bars. */
export function buildFeatures(close: Float64Array, set: FeatureSet): FeatureMatrix {
  const returns = simpleReturns(close);
  if (set === 'tech') return fromColumns(techNames, technicalColumns(close, returns));
  const lags = lagCount(set);
  const lagNames = Array.from({ length: lags }, (_, k) => `ret-lag${k}`);
  const lagged = laggedReturnColumns(returns, lags);
  // the mix's lag 0 already is the latest return: the technical block drops its own copy
  if (set === 'mix') return fromColumns([...lagNames, ...techNames.slice(1)], [...lagged, ...technicalColumns(close, returns).slice(1)]);
  return fromColumns(lagNames, lagged);
}
