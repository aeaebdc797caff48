// Everything the decision step reads for one symbol, computed once from its bars: each pool model's target weights
// and realized daily P&L, the regime per bar and the volatility forecast. Every model is causal (its value at t uses
// bars up to t), so the replay computes these once over the whole series and reads index t on day t, and the live
// loop computes them on the bars up to today: both read the same numbers at t.
import { getModel } from '../../registry/catalog.ts';
import type { BarSeries, Model } from '../../registry/model.ts';
import { fillPrices } from '../backtest/fill-prices.ts';
import { UserError } from '../user-error.ts';
import type { AutopilotSettings } from './autopilot-config.ts';

export interface SymbolInputs {
  symbol: string;
  bars: BarSeries;
  /** Pool models, in pool order (the learner's weight vector follows this order). */
  models: readonly Model[];
  /** positions[m][t]: model m's target decided after the close of t. */
  positions: readonly Float64Array[];
  /**
   * pnl[m][t]: model m's realized return over bar t under the backtest's timing (the target decided after close t-2
   * is held from close t-1 to the open of t, the one decided after close t-1 from the open to the close of t).
   */
  pnl: readonly Float64Array[];
  /** Regime state per bar, one code per regime model combination; -1 while any regime model is undecided. */
  regime: Int32Array;
  /** Label of each regime code, e.g. `bull/calm`. */
  regimeLabels: readonly string[];
  /** Per regime model: its own state labels per bar (for the decision record). */
  regimeParts: readonly { id: string; states: Float64Array; labels: readonly string[] }[];
  /** Forecast per-bar std of the next bar's return (NaN before the model can forecast). */
  vol: Float64Array;
}

function requireModel(id: string, kind: string): Model {
  const m = getModel(id);
  if (!m) throw new UserError(`The autopilot's ${kind} "${id}" is not in the registry.`);
  return m;
}

/** Validates the settings' model ids against the registry. */
export function resolveModels(settings: AutopilotSettings): { pool: Model[]; regime: Model[]; vol: Model } {
  const pool = settings.pool.map((id) => requireModel(id, 'pool model'));
  for (const m of pool) if (m.output !== 'position') throw new UserError(`Pool model ${m.id} outputs ${m.output}, not a position.`);
  const regime = settings.regimeModels.map((id) => requireModel(id, 'regime model'));
  for (const m of regime) if (m.output !== 'regime') throw new UserError(`${m.id} is not a regime model.`);
  const vol = requireModel(settings.volModel, 'volatility model');
  if (vol.output !== 'volatility') throw new UserError(`${vol.id} is not a volatility model.`);
  return { pool, regime, vol };
}

/** Realized daily returns of a target-weight series under the backtest's next-open timing. */
export function realizedPnl(w: Float64Array, open: Float64Array, close: Float64Array): Float64Array {
  const n = close.length;
  const out = new Float64Array(n);
  for (let t = 2; t < n; t++) {
    const gap = open[t]! / close[t - 1]! - 1;
    const day = close[t]! / open[t]! - 1;
    const r = w[t - 2]! * gap + w[t - 1]! * day;
    out[t] = Number.isFinite(r) ? r : 0;
  }
  return out;
}

export function buildSymbolInputs(symbol: string, bars: BarSeries, settings: AutopilotSettings, seed = 1): SymbolInputs {
  const { pool, regime, vol } = resolveModels(settings);
  const ctx = { bars, seed };
  const positions = pool.map((m) => m.run(ctx));
  // Close-only data (monthly closes) has no open: orders fill at the next close, as in the backtest, so the gap is
  // measured close to close and the day is empty.
  const fill = fillPrices(bars);
  const pnl = positions.map((w) => realizedPnl(w, fill, bars.close));
  const parts = regime.map((m) => ({ id: m.id, states: m.run(ctx), labels: m.regimeLabels ?? [] }));
  // Joint code: mixed radix over the regime models' state counts.
  const radices = parts.map((p) => Math.max(1, p.labels.length));
  const labels: string[] = [''];
  for (let k = 0; k < parts.length; k++) {
    const next: string[] = [];
    for (const prefix of labels) {
      for (let s = 0; s < radices[k]!; s++) next.push(prefix ? `${prefix}/${parts[k]!.labels[s] ?? s}` : String(parts[k]!.labels[s] ?? s));
    }
    labels.splice(0, labels.length, ...next);
  }
  const n = bars.length;
  const code = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    let c = 0;
    for (let k = 0; k < parts.length; k++) {
      const s = parts[k]!.states[t]!;
      if (!(s >= 0 && s < radices[k]!)) {
        c = -1;
        break;
      }
      c = c * radices[k]! + Math.floor(s);
    }
    code[t] = c;
  }
  return { symbol, bars, models: pool, positions, pnl, regime: code, regimeLabels: labels, regimeParts: parts, vol: vol.run(ctx) };
}
