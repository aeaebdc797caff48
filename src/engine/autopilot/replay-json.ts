// The document `mltrainer autopilot --replay ... --json` prints (the contract's shape), and the replay's chart.
import type { BacktestMetrics } from '../backtest/metrics.ts';
import { renderEquityChartPng } from '../charts/equity-chart.ts';
import type { ReplayResult } from './run-replay.ts';

export interface ReplayJson {
  from: string;
  to: string;
  symbols: string[];
  bars: number;
  metrics: BacktestMetrics;
  benchmark: BacktestMetrics;
  turnover: number;
  equity: { date: string; equity: number; weights: Record<string, number> }[];
  models: { date: string; symbol: string; models: string[]; weight: number }[];
}

export function buildReplayJson(r: ReplayResult): ReplayJson {
  const equity: ReplayJson['equity'] = new Array(r.bars);
  for (let k = 0; k < r.bars; k++) {
    const weights: Record<string, number> = {};
    for (const s of r.symbols) weights[s] = r.weights.get(s)![k]!;
    equity[k] = { date: r.dates[k]!, equity: r.equity[k]!, weights };
  }
  return {
    from: r.from,
    to: r.to,
    symbols: r.symbols,
    bars: r.bars,
    metrics: { ...r.metrics },
    benchmark: { ...r.benchmark.metrics },
    turnover: r.turnover,
    equity,
    models: r.models.map((m) => ({ ...m, models: [...m.models] })),
  };
}

/** The replay's equity beside buy-and-hold of the first symbol, with drawdowns, as a PNG. */
export function renderReplayChart(r: ReplayResult): Promise<Buffer> {
  return renderEquityChartPng({
    title: `Autopilot replay ${r.symbols.join(', ')} ${r.from}..${r.to}`,
    dates: r.dates,
    series: [
      { name: 'autopilot', values: r.equity },
      { name: `buy-and-hold ${r.symbols[0]}`, values: r.benchmark.equity },
    ],
  });
}
