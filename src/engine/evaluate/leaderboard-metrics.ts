// The metrics a leaderboard can rank by: which way is better, and which model outputs carry them.
import type { OutputKind } from '../../registry/model.ts';
import { UserError } from '../user-error.ts';

export interface LeaderboardMetric {
  readonly name: string;
  readonly lowerIsBetter: boolean;
  /** Outputs whose stored metrics carry it; a forecast carries the backtest metrics of trading its sign. */
  readonly outputs: readonly OutputKind[];
  /** Ranked when the caller names no output: RMSE of a volatility and of a return forecast are not comparable. */
  readonly defaultOutputs: readonly OutputKind[];
  readonly description: string;
}

const TRADED: readonly OutputKind[] = ['position', 'forecast'];

function metric(name: string, lowerIsBetter: boolean, outputs: readonly OutputKind[], description: string, defaultOutputs = outputs): LeaderboardMetric {
  return { name, lowerIsBetter, outputs, defaultOutputs, description };
}

export const LEADERBOARD_METRICS: readonly LeaderboardMetric[] = [
  metric('sharpe', false, TRADED, 'annualised Sharpe ratio of the backtest (a forecast trades its sign)'),
  metric('totalReturn', false, TRADED, 'total return of the backtest'),
  metric('cagr', false, TRADED, 'compound annual growth rate of the backtest'),
  metric('maxDrawdown', true, TRADED, 'maximum drawdown of the backtest (lower is better)'),
  metric('hitRate', false, ['forecast'], 'share of forecasts with the right sign'),
  metric('rankIc', false, ['forecast'], 'Spearman correlation of forecast and next return'),
  metric('rmse', true, ['forecast', 'volatility'], 'root mean squared error (volatility models unless output=forecast)', ['volatility']),
  metric('qlike', true, ['volatility'], 'QLIKE loss of the variance forecast (lower is better)'),
  metric('kupiecPValue', false, ['risk'], "p-value of Kupiec's VaR coverage test (higher: coverage closer to the promise)"),
];

/** The metric by name (case-insensitive); a UserError listing the choices otherwise. */
export function leaderboardMetric(name: string): LeaderboardMetric {
  const m = LEADERBOARD_METRICS.find((x) => x.name.toLowerCase() === name.trim().toLowerCase());
  if (!m) throw new UserError(`Cannot rank by "${name}"; choose one of ${LEADERBOARD_METRICS.map((x) => x.name).join(', ')}.`);
  return m;
}
