// Scores the pool at day t from realized walk-forward results only: each model's annualised Sharpe over the trailing
// window's bars that began in the current regime (when it has the minimum track record there), else over the most
// recent bars. Bar i's result belongs to the regime seen at the close of i-1, when its position was decided.
import type { AutopilotSettings } from './autopilot-config.ts';
import type { SymbolInputs } from './symbol-inputs.ts';
import { SQRT_DAILY_PERIODS } from '../backtest/periods-per-year.ts';

export type ScoreBasis = 'regime' | 'recent';

export interface ModelScore {
  index: number;
  id: string;
  score: number;
  basis: ScoreBasis;
  /** Bars the score is measured on. */
  bars: number;
}


/** The annualised Sharpe ratio of n daily returns from their sum and sum of squares (0 when undefined). */
export function sharpeFromSums(sum: number, sumSq: number, n: number): number {
  if (n < 2) return 0;
  const mean = sum / n;
  const variance = (sumSq - n * mean * mean) / (n - 1);
  return variance > 1e-18 ? (mean / Math.sqrt(variance)) * SQRT_DAILY_PERIODS : 0;
}

/** One score per pool model at day t (models without enough history get -Infinity). */
export function scoreModels(inputs: SymbolInputs, t: number, settings: AutopilotSettings): ModelScore[] {
  const m = inputs.models.length;
  const regimeNow = inputs.regime[t]!;
  const from = Math.max(1, t - settings.scoreWindow + 1);
  const recentFrom = Math.max(1, t - settings.recentWindow + 1);
  const rs = new Float64Array(m);
  const rq = new Float64Array(m);
  const ss = new Float64Array(m);
  const sq = new Float64Array(m);
  let regimeBars = 0;
  for (let i = from; i <= t; i++) {
    const inRegime = regimeNow >= 0 && inputs.regime[i - 1] === regimeNow;
    const recent = i >= recentFrom;
    if (inRegime) regimeBars++;
    if (!inRegime && !recent) continue;
    for (let k = 0; k < m; k++) {
      const r = inputs.pnl[k]![i]!;
      if (inRegime) {
        rs[k] = rs[k]! + r;
        rq[k] = rq[k]! + r * r;
      }
      if (recent) {
        ss[k] = ss[k]! + r;
        sq[k] = sq[k]! + r * r;
      }
    }
  }
  const recentBars = t - recentFrom + 1;
  const out: ModelScore[] = new Array(m);
  for (let k = 0; k < m; k++) {
    const model = inputs.models[k]!;
    // A model is judged only on bars after it could decide (plus the two bars its first position takes to pay).
    const ready = t - (model.minHistory + 2) >= settings.recentWindow / 2;
    const byRegime = regimeBars >= settings.minTrackRecord;
    out[k] = {
      index: k,
      id: model.id,
      score: !ready ? -Infinity : byRegime ? sharpeFromSums(rs[k]!, rq[k]!, regimeBars) : sharpeFromSums(ss[k]!, sq[k]!, recentBars),
      basis: byRegime ? 'regime' : 'recent',
      bars: byRegime ? regimeBars : recentBars,
    };
  }
  return out;
}
