// The Probabilistic and Deflated Sharpe Ratios (Bailey and Lopez de Prado 2012, 2014), on per-period Sharpe ratios.
import { cumulativeNormal, quantileNormal } from 'vega-statistics';

const EULER_GAMMA = 0.5772156649015329;

/**
 * PSR: the probability that the true Sharpe ratio exceeds `srStar`, given the estimate `sr` from `n` returns with that
 * skewness and (non-excess) kurtosis: Phi((sr - srStar) sqrt(n - 1) / sqrt(1 - skew sr + (kurtosis - 1)/4 sr^2)).
 * NaN for fewer than 2 returns or a non-positive variance term (an estimate that extreme has no normal approximation).
 */
export function probabilisticSharpe(sr: number, srStar: number, n: number, skew: number, kurtosis: number): number {
  if (!(n >= 2)) return Number.NaN;
  const v = 1 - skew * sr + ((kurtosis - 1) / 4) * sr * sr;
  if (!(v > 0)) return Number.NaN;
  return cumulativeNormal(((sr - srStar) * Math.sqrt(n - 1)) / Math.sqrt(v));
}

/**
 * The expected maximum of `trials` Sharpe estimates whose true value is 0 and whose variance across trials is
 * `sharpeVariance`: sqrt(V) ((1 - gamma) Z^-1(1 - 1/N) + gamma Z^-1(1 - 1/(N e))). 0 for a single trial.
 */
export function expectedMaxSharpe(trials: number, sharpeVariance: number): number {
  if (!(trials > 1) || !(sharpeVariance > 0)) return 0;
  const z = (1 - EULER_GAMMA) * quantileNormal(1 - 1 / trials) + EULER_GAMMA * quantileNormal(1 - 1 / (trials * Math.E));
  return Math.sqrt(sharpeVariance) * z;
}

export interface DeflatedSharpeInput {
  /** Per-period Sharpe ratio of the selected strategy. */
  sharpe: number;
  /** Returns it was estimated from. */
  n: number;
  skew: number;
  kurtosis: number;
  trials: number;
  /** Variance of the trials' per-period Sharpe estimates. */
  sharpeVariance: number;
}

/** DSR: the PSR of the selected strategy against the Sharpe ratio luck alone would give the best of `trials`. */
export function deflatedSharpe(x: DeflatedSharpeInput): { dsr: number; expectedMax: number } {
  const expectedMax = expectedMaxSharpe(x.trials, x.sharpeVariance);
  return { dsr: probabilisticSharpe(x.sharpe, expectedMax, x.n, x.skew, x.kurtosis), expectedMax };
}
