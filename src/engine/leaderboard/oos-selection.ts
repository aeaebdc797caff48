// How a leaderboard's winners fare out of sample: for each past period, the model with the best Sharpe in it (the
// in-sample winner), its Sharpe and rank in the next period, and how well the whole ranking of one period predicts the
// next (Spearman rank correlation). A ranking that is skill keeps its order; one that is luck reshuffles.
import { spearman } from '../evaluate/rank-correlation.ts';

export interface OosPeriodPair {
  inSample: { from: string; to: string };
  outOfSample: { from: string; to: string };
  winner: string;
  inSampleSharpe: number;
  outOfSampleSharpe: number;
  /** The winner's rank in the next period, 1 = best, of `models`. */
  outOfSampleRank: number;
  models: number;
  /** Spearman correlation of every model's Sharpe in the period with its Sharpe in the next. */
  rankCorrelation: number;
}

export interface OosSelection {
  /** How the window was cut: calendar years. */
  periods: string;
  pairs: OosPeriodPair[];
  /** Mean of the pairs' rank correlations; near 0 means this period's order says nothing about the next one's. */
  meanRankCorrelation: number | null;
  /** Share of in-sample winners that ranked in the better half the next period (0.5 is a coin flip). */
  winnersInTopHalf: number | null;
  /** Mean next-period Sharpe of the winners, and of all models (what picking at random would give). */
  winnersMeanSharpe: number | null;
  allMeanSharpe: number | null;
}

/**
 * `returns[i][k]` is model i's return on the bar dated `dates[k]` (YYYY-MM-DD); periods are calendar years with at
 * least `minBars` returns (a short first or last year is left out).
 */
export function oosSelection(ids: readonly string[], returns: readonly Float64Array[], dates: readonly string[], periodsPerYear: number, minBars = 20): OosSelection {
  const periods: { from: number; to: number }[] = [];
  let start = 0;
  for (let k = 1; k <= dates.length; k++) {
    if (k === dates.length || dates[k]!.slice(0, 4) !== dates[start]!.slice(0, 4)) {
      if (k - start >= minBars) periods.push({ from: start, to: k - 1 });
      start = k;
    }
  }
  const sharpes = periods.map((p) => {
    const s = new Float64Array(returns.length);
    for (let i = 0; i < returns.length; i++) s[i] = periodSharpe(returns[i]!, p.from, p.to, periodsPerYear);
    return s;
  });
  const pairs: OosPeriodPair[] = [];
  for (let p = 1; p < periods.length; p++) {
    const before = sharpes[p - 1]!;
    const after = sharpes[p]!;
    let w = 0;
    for (let i = 1; i < before.length; i++) if (before[i]! > before[w]! || (before[i] === before[w] && ids[i]! < ids[w]!)) w = i;
    let better = 0;
    for (let i = 0; i < after.length; i++) if (after[i]! > after[w]!) better++;
    pairs.push({
      inSample: { from: dates[periods[p - 1]!.from]!, to: dates[periods[p - 1]!.to]! },
      outOfSample: { from: dates[periods[p]!.from]!, to: dates[periods[p]!.to]! },
      winner: ids[w]!,
      inSampleSharpe: before[w]!,
      outOfSampleSharpe: after[w]!,
      outOfSampleRank: better + 1,
      models: ids.length,
      rankCorrelation: spearman(before, after),
    });
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const allNext = pairs.map((_, i) => {
    const s = sharpes[i + 1]!;
    let sum = 0;
    for (const v of s) sum += v;
    return sum / s.length;
  });
  return {
    periods: 'calendar years',
    pairs,
    meanRankCorrelation: mean(pairs.map((x) => x.rankCorrelation).filter(Number.isFinite)),
    winnersInTopHalf: pairs.length ? pairs.filter((x) => x.outOfSampleRank <= x.models / 2).length / pairs.length : null,
    winnersMeanSharpe: mean(pairs.map((x) => x.outOfSampleSharpe)),
    allMeanSharpe: mean(allNext),
  };
}

/** Annualised Sharpe of r[from..to]; 0 when the returns do not vary (a flat model). */
export function periodSharpe(r: Float64Array, from: number, to: number, periodsPerYear: number): number {
  let mean = 0;
  let m2 = 0;
  let n = 0;
  for (let k = from; k <= to; k++) {
    n++;
    const d = r[k]! - mean;
    mean += d / n;
    m2 += d * (r[k]! - mean);
  }
  const sd = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
  return sd > 0 ? (mean / sd) * Math.sqrt(periodsPerYear) : 0;
}
