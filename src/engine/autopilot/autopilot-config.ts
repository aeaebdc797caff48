// The autopilot's settings: the candidate pool, the regime and volatility models, the selection windows, the
// learning rates and the sizing rules (risk limits come from the trader's, so replay sizes exactly as live may).
import { DEFAULT_RISK_LIMITS } from '../trader/trader-config.ts';

export interface AutopilotSettings {
  /** Position models the selector may put in charge (registry ids). */
  pool: readonly string[];
  /** Regime models whose states, joined (e.g. `bull/calm`), name the current regime. */
  regimeModels: readonly string[];
  /** Volatility model (per-bar std forecast) used to size the combined target. */
  volModel: string;
  /** Trailing window (bars) of realized walk-forward results the models are scored on. */
  scoreWindow: number;
  /** Bars in the current regime inside the window a model needs before its regime score counts. */
  minTrackRecord: number;
  /** Fallback: the most recent bars scored when the regime has too short a record. */
  recentWindow: number;
  /** Models put in charge per symbol. */
  topK: number;
  /** Multiplicative-weights learning rate on each model's realized daily P&L (a return). */
  learningRate: number;
  /** Fixed-share mixing toward uniform each bar, so a model that lost weight can come back when markets change. */
  share: number;
  /** Annualised volatility the combined position is sized to. */
  targetVol: number;
  /** Largest |weight| of one symbol (the risk manager's per-symbol limit). */
  maxSymbolWeight: number;
  /** Largest sum of |weights| (the risk manager's gross exposure limit). */
  maxGrossExposure: number;
  /** A day's loss of this fraction stops new entries (the risk manager's daily loss limit). */
  dailyLossLimit: number;
  /** A target within this of the previous one (both nonzero) keeps the previous one: no trade for noise. */
  noTradeBand: number;
  /** Bars the learner runs over before the first decision (walk-forward warm-up: past data only). */
  warmupBars: number;
  /** Demotion: bars in charge before live results are compared with the model's backtest score. */
  demoteAfter: number;
  /** Demotion: annualised Sharpe shortfall of live vs backtest that demotes. */
  demoteShortfall: number;
  /** Bars a demoted model stays out of selection. */
  demoteFor: number;
  /** Parameter moves: a slot moves to a grid neighbour whose trailing Sharpe beats it by `gridMargin`. */
  gridMoves: boolean;
  gridMargin: number;
  /** Bars between two parameter checks. */
  gridCheckEvery: number;
  /** Minutes after the close before the live loop runs (bars must be final). */
  closeMarginMinutes: number;
}

/**
 * The default pool: trend, mean-reversion and momentum rules across their grids (fast and slow members, so the
 * selector has something to choose in every regime), the benchmark, and the vol-target family. Learned models are
 * left out by default: they retrain on a schedule and would make a ten-year replay take far longer.
 */
export const DEFAULT_POOL: readonly string[] = [
  'buy-and-hold',
  'sma-cross-5-20',
  'sma-cross-10-50',
  'sma-cross-20-50',
  'sma-cross-20-100',
  'sma-cross-50-200',
  'ema-cross-12-26',
  'ema-cross-20-100',
  'ema-cross-50-200',
  'price-above-sma-50',
  'price-above-sma-200',
  'price-above-ema-100',
  'macd-12-26-9',
  'donchian-breakout-20',
  'donchian-breakout-55',
  'adx-trend-14-25',
  'parabolic-sar-2-20',
  'keltner-breakout-20-2',
  'rsi-2-10-90',
  'rsi-2-30-70',
  'rsi-14-30-70',
  'bollinger-reversion-20-2',
  'zscore-reversion-20-1.5',
  'stochastic-14-20-80',
  'williams-r-14-90-10',
  'cci-20-100',
  'momentum-63',
  'momentum-126',
  'momentum-252',
  'momentum-252-21',
  'roc-21-1',
  'vol-scaled-momentum-126',
  'vol-target-ewma-94-10',
  'vol-target-ewma-94-15',
  'vol-target-close-63-10',
  'vol-target-yang-zhang-21-15',
];

export const DEFAULT_AUTOPILOT_SETTINGS: AutopilotSettings = {
  pool: DEFAULT_POOL,
  regimeModels: ['trend-regime-200', 'vol-regime-21-252'],
  volModel: 'ewma-vol-94',
  scoreWindow: 756,
  minTrackRecord: 63,
  recentWindow: 126,
  topK: 3,
  learningRate: 5,
  share: 0.01,
  targetVol: 0.1,
  maxSymbolWeight: DEFAULT_RISK_LIMITS.maxSymbolWeight,
  maxGrossExposure: DEFAULT_RISK_LIMITS.maxGrossExposure,
  dailyLossLimit: DEFAULT_RISK_LIMITS.dailyLossLimit,
  noTradeBand: 0.02,
  warmupBars: 252,
  demoteAfter: 63,
  demoteShortfall: 1.5,
  demoteFor: 126,
  gridMoves: true,
  gridMargin: 0.5,
  gridCheckEvery: 21,
  closeMarginMinutes: 30,
};

export function autopilotSettings(overrides: Partial<AutopilotSettings> = {}): AutopilotSettings {
  return { ...DEFAULT_AUTOPILOT_SETTINGS, ...overrides };
}
