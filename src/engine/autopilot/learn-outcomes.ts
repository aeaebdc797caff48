// Self-optimisation from realized outcomes: every bar that closed since the last decision moves the pool's
// multiplicative weights by each model's realized P&L (fixed-share Hedge), adds to the live record of the models in
// charge, and demotes a model whose live results fall far below the backtest score it was chosen on.
import type { AutopilotSettings } from './autopilot-config.ts';
import type { LearnerState } from './learner-state.ts';
import type { SymbolInputs } from './symbol-inputs.ts';
import { isoDate } from '../../calendar/dates.ts';
import { SQRT_DAILY_PERIODS } from '../backtest/periods-per-year.ts';

export interface DemotionEvent {
  date: string;
  symbol: string;
  model: string;
  liveSharpe: number;
  backtestSharpe: number;
  bars: number;
  reason: string;
}


/** Index of the last bar with time <= `time` (-1 when none). */
export function indexAtOrBefore(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Learns from bars (last learned, t] and returns the demotions it made. `fromIndex` bounds how far back a state
 * that never learned starts (the warm-up's first bar).
 */
export function learnOutcomes(state: LearnerState, inputs: SymbolInputs, t: number, settings: AutopilotSettings, fromIndex = 0): DemotionEvent[] {
  const time = inputs.bars.time;
  const start = state.lastTime === null ? Math.max(fromIndex, 1) : indexAtOrBefore(time, state.lastTime) + 1;
  const events: DemotionEvent[] = [];
  const m = state.ids.length;
  const eta = settings.learningRate;
  const alpha = settings.share;
  const lw = state.logWeights;
  // Slots may run a grid member other than their pool id: find the chosen models among the inputs' models.
  const chosenIdx = state.chosen.map((id) => inputs.models.findIndex((m) => m.id === id)).filter((i) => i >= 0);
  for (let i = start; i <= t; i++) {
    // Hedge step in the log domain, then fixed share toward uniform (kept in the log domain, renormalised).
    let max = -Infinity;
    for (let k = 0; k < m; k++) {
      lw[k] = lw[k]! + eta * inputs.pnl[k]![i]!;
      if (lw[k]! > max) max = lw[k]!;
    }
    let sum = 0;
    for (let k = 0; k < m; k++) sum += Math.exp(lw[k]! - max);
    for (let k = 0; k < m; k++) lw[k] = Math.log((1 - alpha) * (Math.exp(lw[k]! - max) / sum) + alpha / m);

    for (const id of Object.keys(state.demoted)) {
      const d = state.demoted[id]!;
      if (--d.remaining <= 0) delete state.demoted[id];
    }
    for (const k of chosenIdx) {
      const id = inputs.models[k]!.id;
      const rec = state.live[id];
      if (!rec) continue;
      const r = inputs.pnl[k]![i]!;
      rec.n++;
      rec.sum += r;
      rec.sumSq += r * r;
      if (rec.n >= settings.demoteAfter) {
        const mean = rec.sum / rec.n;
        const variance = (rec.sumSq - rec.n * mean * mean) / (rec.n - 1);
        const live = variance > 0 ? (mean / Math.sqrt(variance)) * SQRT_DAILY_PERIODS : 0;
        if (mean < 0 && live < rec.refScore - settings.demoteShortfall) {
          const date = isoDate(time[i]!);
          const reason = `live Sharpe ${live.toFixed(2)} over ${rec.n} bars in charge vs ${rec.refScore.toFixed(2)} in its backtest when chosen`;
          events.push({ date, symbol: state.symbol, model: id, liveSharpe: live, backtestSharpe: rec.refScore, bars: rec.n, reason });
          state.demoted[id] = { remaining: settings.demoteFor, since: date, reason };
          delete state.live[id];
        }
      }
    }
  }
  if (t >= start) state.lastTime = time[t]!;
  return events;
}
