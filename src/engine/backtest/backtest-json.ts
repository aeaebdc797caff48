// The document `mltrainer backtest --json` prints: the window, the strategy's metrics and the buy-and-hold benchmark.
import type { BarSeries } from '../../registry/model.ts';
import type { BacktestMetrics } from './metrics.ts';
import type { BacktestResult } from './run-backtest.ts';
import { isoDate } from '../../calendar/dates.ts';

export interface EquityPoint {
  date: string;
  equity: number;
  weight: number;
}

export interface BacktestJson {
  model: string;
  symbol: string;
  from: string;
  to: string;
  bars: number;
  metrics: BacktestMetrics;
  benchmark: BacktestMetrics;
  /** Equity reached zero and trading ended (then the Sharpe is null): always present, with the date when true. */
  ruined: boolean;
  ruinedOn?: string;
  /** Present only when something about the run needs saying (close-only data, a model warming up inside the window). */
  note?: string;
  equity?: EquityPoint[];
}

/** Builds the JSON document; `withEquity` adds one point per close of the window (the `--equity` flag). */
export function buildBacktestJson(args: {
  model: string;
  symbol: string;
  bars: BarSeries;
  result: BacktestResult;
  benchmark: BacktestResult;
  withEquity?: boolean;
  /** Sentences about the run; joined into `note`, which is left out when there are none. */
  notes?: readonly string[];
}): BacktestJson {
  const { result } = args;
  const doc: BacktestJson = {
    model: args.model,
    symbol: args.symbol,
    from: result.from,
    to: result.to,
    bars: result.bars,
    metrics: { ...result.metrics },
    benchmark: { ...args.benchmark.metrics },
    ruined: result.ruined,
  };
  if (result.ruinedOn) doc.ruinedOn = result.ruinedOn;
  if (args.notes && args.notes.length > 0) doc.note = args.notes.join(' ');
  if (args.withEquity) {
    const time = args.bars.time;
    const points: EquityPoint[] = new Array(result.bars);
    for (let k = 0; k < result.bars; k++) {
      points[k] = { date: isoDate(time[result.fromIndex + k]!), equity: result.equity[k]!, weight: result.weights[k]! };
    }
    doc.equity = points;
  }
  return doc;
}
