// Selection out of sample (nested walk-forward): at each decision date, choose the model with the best Sharpe over the
// trailing lookback only, hold it for the next period, and score it there. Chained, these held periods are what
// following the recommendation would have earned; they are compared with buy-and-hold over the same periods.
import { periodSharpe } from './oos-selection.ts';

export interface NestedSelectionStep {
  decidedOn: string;
  /** The pick's id, chosen from returns strictly before the held period. */
  pick: string;
  lookbackSharpe: number;
  heldFrom: string;
  heldTo: string;
  heldReturn: number;
}

export interface NestedSelection {
  lookbackBars: number;
  holdBars: number;
  steps: NestedSelectionStep[];
  /** The chained held periods, annualised Sharpe and total return; null when there was no decision. */
  sharpe: number | null;
  totalReturn: number | null;
  /** Buy-and-hold over exactly the held periods. */
  benchmarkSharpe: number | null;
  benchmarkTotalReturn: number | null;
  /** The mean Sharpe of every model over the held periods: what a pick at random would give. */
  averageModelSharpe: number | null;
}

/**
 * `returns[i][k]`: model i's return on the bar dated `dates[k]`; ruined models should be left out by the caller.
 * Decisions every `holdBars` from the first bar with a full lookback.
 */
export function nestedSelection(
  ids: readonly string[],
  returns: readonly Float64Array[],
  benchmark: Float64Array,
  dates: readonly string[],
  opts: { lookbackBars: number; holdBars: number; periodsPerYear: number },
): NestedSelection {
  const { lookbackBars: L, holdBars: H, periodsPerYear: P } = opts;
  const n = dates.length;
  const steps: NestedSelectionStep[] = [];
  const chained: number[] = [];
  const bench: number[] = [];
  let modelSharpeSum = 0;
  let modelSharpeCount = 0;
  for (let d = L; d < n && ids.length > 0; d += H) {
    const end = Math.min(n - 1, d + H - 1);
    let best = 0;
    let bestSharpe = -Infinity;
    for (let i = 0; i < ids.length; i++) {
      const s = periodSharpe(returns[i]!, d - L, d - 1, P);
      if (s > bestSharpe || (s === bestSharpe && ids[i]! < ids[best]!)) {
        best = i;
        bestSharpe = s;
      }
    }
    let growth = 1;
    for (let k = d; k <= end; k++) {
      const r = returns[best]![k]!;
      growth *= 1 + r;
      chained.push(r);
      bench.push(benchmark[k]!);
    }
    for (let i = 0; i < ids.length; i++) {
      modelSharpeSum += periodSharpe(returns[i]!, d, end, P);
      modelSharpeCount++;
    }
    steps.push({ decidedOn: dates[d - 1]!, pick: ids[best]!, lookbackSharpe: bestSharpe, heldFrom: dates[d]!, heldTo: dates[end]!, heldReturn: growth - 1 });
  }
  const sharpeOf = (xs: number[]) => (xs.length > 1 ? periodSharpe(Float64Array.from(xs), 0, xs.length - 1, P) : null);
  const growthOf = (xs: number[]) => (xs.length > 0 ? xs.reduce((g, r) => g * (1 + r), 1) - 1 : null);
  return {
    lookbackBars: L,
    holdBars: H,
    steps,
    sharpe: sharpeOf(chained),
    totalReturn: growthOf(chained),
    benchmarkSharpe: sharpeOf(bench),
    benchmarkTotalReturn: growthOf(bench),
    averageModelSharpe: modelSharpeCount > 0 ? modelSharpeSum / modelSharpeCount : null,
  };
}
