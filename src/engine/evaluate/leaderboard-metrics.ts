// The metrics a leaderboard can rank by: which way is better, which model outputs carry them, and how the ranked value
// is read from a stored row's metrics (most are a stored metric as is; a few are derived, e.g. |Z2|).
import type { OutputKind } from '../../registry/model.ts';
import { UserError } from '../user-error.ts';

export type StoredMetrics = Readonly<Record<string, number | null | undefined>>;

export interface LeaderboardMetric {
  readonly name: string;
  /** Other names it answers to (case-insensitive), e.g. kupiecPValue for kupiec. */
  readonly aliases: readonly string[];
  readonly lowerIsBetter: boolean;
  /** Outputs whose stored metrics carry it; a forecast carries the backtest metrics of trading its sign. */
  readonly outputs: readonly OutputKind[];
  /** Ranked when the caller names no output: RMSE of a volatility and of a return forecast are not comparable. */
  readonly defaultOutputs: readonly OutputKind[];
  /** A short column heading for the ranked value, e.g. `|Z2|`. */
  readonly label: string;
  readonly description: string;
  /** The ranked value of a stored row, or null when the row does not carry it (the row is left out). */
  value(metrics: StoredMetrics): number | null;
}

const TRADED: readonly OutputKind[] = ['position', 'forecast'];

function finite(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

interface MetricSpec {
  lowerIsBetter: boolean;
  outputs: readonly OutputKind[];
  description: string;
  defaultOutputs?: readonly OutputKind[];
  aliases?: readonly string[];
  label?: string;
  value?: (metrics: StoredMetrics) => number | null;
}

function metric(name: string, spec: MetricSpec): LeaderboardMetric {
  return {
    name,
    aliases: spec.aliases ?? [],
    lowerIsBetter: spec.lowerIsBetter,
    outputs: spec.outputs,
    defaultOutputs: spec.defaultOutputs ?? spec.outputs,
    label: spec.label ?? name,
    description: spec.description,
    value: spec.value ?? ((m) => finite(m[name])),
  };
}

export const LEADERBOARD_METRICS: readonly LeaderboardMetric[] = [
  metric('sharpe', { lowerIsBetter: false, outputs: TRADED, description: 'annualised Sharpe ratio of the backtest (a forecast trades its sign)' }),
  metric('totalReturn', { lowerIsBetter: false, outputs: TRADED, description: 'total return of the backtest' }),
  metric('cagr', { lowerIsBetter: false, outputs: TRADED, description: 'compound annual growth rate of the backtest' }),
  metric('maxDrawdown', { lowerIsBetter: true, outputs: TRADED, description: 'maximum drawdown of the backtest (lower is better)' }),
  metric('hitRate', { lowerIsBetter: false, outputs: ['forecast'], description: 'share of forecasts with the right sign' }),
  metric('rankIc', { lowerIsBetter: false, outputs: ['forecast'], description: 'Spearman correlation of forecast and next return' }),
  metric('rmse', {
    lowerIsBetter: true,
    outputs: ['volatility', 'forecast'],
    defaultOutputs: ['volatility'],
    description: 'root mean squared error of the variance forecast (lower is better); of the return forecast with output forecast',
  }),
  metric('qlike', { lowerIsBetter: true, outputs: ['volatility'], description: 'QLIKE loss of the variance forecast (lower is better)' }),
  metric('kupiec', {
    aliases: ['kupiecPValue'],
    lowerIsBetter: false,
    outputs: ['risk'],
    label: 'Kupiec p',
    description: "p-value of Kupiec's coverage test of a VaR (higher: breach rate closer to 1 - level); not for ES models",
    value: (m) => finite(m.kupiecPValue),
  }),
  metric('breachError', {
    lowerIsBetter: true,
    outputs: ['risk'],
    label: '|breach-expected|',
    description: "a VaR's |breach rate - (1 - level)| (lower is better); not for ES models",
    value: (m) => {
      const rate = finite(m.breachRate);
      const expected = finite(m.expectedRate);
      return rate === null || expected === null ? null : Math.abs(rate - expected);
    },
  }),
  metric('z2', {
    lowerIsBetter: true,
    outputs: ['risk'],
    label: '|Z2|',
    description: "an expected shortfall's |Acerbi-Szekely Z2| (0 when right, lower is better; Z2 < 0: risk underestimated)",
    value: (m) => {
      const z2 = finite(m.z2);
      return z2 === null ? null : Math.abs(z2);
    },
  }),
];

/** The names to choose from, for messages and tool descriptions. */
export function leaderboardMetricNames(): string[] {
  return LEADERBOARD_METRICS.map((x) => x.name);
}

/** The metric by name or alias (case-insensitive); a UserError listing the choices otherwise. */
/** The metric a name or alias stands for (any case), or undefined. */
export function findLeaderboardMetric(name: string): LeaderboardMetric | undefined {
  const key = name.trim().toLowerCase();
  return LEADERBOARD_METRICS.find((x) => x.name.toLowerCase() === key || x.aliases.some((a) => a.toLowerCase() === key));
}

export function leaderboardMetric(name: string): LeaderboardMetric {
  const m = findLeaderboardMetric(name);
  if (!m) throw new UserError(`Cannot rank by "${name}"; choose one of ${leaderboardMetricNames().join(', ')}.`);
  return m;
}

/** The outputs to rank for a metric: the ones asked for (a UserError for an output that does not carry it), else its default. */
export function leaderboardOutputs(m: LeaderboardMetric, asked?: OutputKind | readonly OutputKind[]): readonly OutputKind[] {
  if (asked === undefined) return m.defaultOutputs;
  const list: readonly OutputKind[] = typeof asked === 'string' ? [asked] : asked;
  const wrong = list.filter((o) => !m.outputs.includes(o));
  if (wrong.length > 0) {
    throw new UserError(`${m.name} does not rank ${wrong.join(', ')} models; it ranks ${m.outputs.join(' or ')} models.`);
  }
  return list;
}
