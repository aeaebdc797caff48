// The Deflated Sharpe Ratio of a ranking's top row, computed so that trying more strategies can never make the top
// row look more skilled.
//
// Why not the textbook benchmark as is: sqrt(V) * Z(N), with V the variance of the trials' Sharpe ratios, falls when
// many near-zero trials are added (V shrinks like 1/N while Z grows like sqrt(2 ln N)), so padding a ranking with noise
// would RAISE the top row's DSR. A search that stopped after its k-th trial would have faced the benchmark of its first
// k trials, and continuing only adds chances for luck; so the benchmark here is the largest textbook benchmark over the
// search's prefixes (trials in the order they were tried): max over k of sqrt(V_k) * Z(k). It is at least the
// textbook figure for the whole set, equals it when V does not shrink as trials are added, and can only grow with more
// trials. The textbook figure is reported beside it.
import { deflatedSharpe, expectedMaxSharpe, probabilisticSharpe } from './probabilistic-sharpe.ts';
import { returnMoments } from './return-moments.ts';

export interface RankingDeflatedSharpe {
  /** DSR of the top row: the probability its true Sharpe exceeds the luck benchmark. */
  dsr: number;
  /** The luck benchmark (per-period Sharpe): the largest prefix benchmark. */
  expectedMax: number;
  /** The textbook benchmark over every trial at once (per-period). */
  expectedMaxTextbook: number;
  trials: number;
  /** Variance of the trials' per-period Sharpe ratios (all of them). */
  sharpeVariance: number;
  /** Index of the top row in `returns`. */
  top: number;
}

/**
 * `returns`: one series per trial, in the order the trials were tried, all over the same bars. `topIndex`: the row to
 * judge (default the best per-period Sharpe). `trials`: how many were tried when more than `returns` (e.g. trials that
 * ruined, which have no return series to measure): the extra ones count toward N at the whole set's variance.
 */
export function rankingDeflatedSharpe(returns: readonly Float64Array[], topIndex?: number, trials = returns.length): RankingDeflatedSharpe {
  const n = returns.length;
  const sharpes = new Float64Array(n);
  for (let i = 0; i < n; i++) sharpes[i] = returnMoments(returns[i]!).sharpe;
  let top = topIndex ?? 0;
  if (topIndex === undefined) for (let i = 1; i < n; i++) if (sharpes[i]! > sharpes[top]!) top = i;
  // Prefix benchmarks with a running (Welford) variance of the Sharpe ratios.
  let mean = 0;
  let m2 = 0;
  let benchmark = 0;
  for (let k = 1; k <= n; k++) {
    const x = sharpes[k - 1]!;
    const d = x - mean;
    mean += d / k;
    m2 += d * (x - mean);
    if (k >= 2) benchmark = Math.max(benchmark, expectedMaxSharpe(k, m2 / (k - 1)));
  }
  const variance = n >= 2 ? m2 / (n - 1) : 0;
  const allTrials = Math.max(trials, n);
  if (allTrials > n) benchmark = Math.max(benchmark, expectedMaxSharpe(allTrials, variance));
  const m = returnMoments(returns[top]!);
  const textbook = deflatedSharpe({ sharpe: m.sharpe, n: m.n, skew: m.skew, kurtosis: m.kurtosis, trials: allTrials, sharpeVariance: variance });
  return {
    dsr: probabilisticSharpe(m.sharpe, benchmark, m.n, m.skew, m.kurtosis),
    expectedMax: benchmark,
    expectedMaxTextbook: textbook.expectedMax,
    trials: allTrials,
    sharpeVariance: variance,
    top,
  };
}
