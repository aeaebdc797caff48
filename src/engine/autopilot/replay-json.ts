// The document `mltrainer autopilot --replay ... --json` prints (the contract's shape), and the replay's chart.
import type { BacktestMetrics } from '../backtest/metrics.ts';
import { renderEquityChartPng } from '../charts/equity-chart.ts';
import type { ReplayResult } from './run-replay.ts';

/** The replay's own figures as they are, beside the JSON forms of its benchmarks, equity and model changes. */
export interface ReplayJson
  extends Pick<ReplayResult, 'from' | 'to' | 'symbols' | 'bars' | 'capital' | 'costBps' | 'metrics' | 'turnover' | 'ruined' | 'stopped' | 'models'> {
  /** The same replay at zero cost, when costBps is not 0. */
  gross?: BacktestMetrics;
  benchmark: BacktestMetrics;
  /** The same symbols held at the autopilot's average exposure. */
  exposureBenchmark: { description: string; averageExposure: number; metrics: BacktestMetrics };
  ruinedOn?: string;
  equity: { date: string; equity: number; weights: Record<string, number> }[];
}

export function buildReplayJson(r: ReplayResult, gross?: ReplayResult): ReplayJson {
  const equity: ReplayJson['equity'] = new Array(r.bars);
  for (let k = 0; k < r.bars; k++) {
    const weights: Record<string, number> = {};
    for (const s of r.symbols) weights[s] = r.weights.get(s)![k]!;
    equity[k] = { date: r.dates[k]!, equity: r.equity[k]!, weights };
  }
  const x = r.exposureBenchmark;
  return {
    from: r.from,
    to: r.to,
    symbols: r.symbols,
    bars: r.bars,
    capital: r.capital,
    costBps: r.costBps,
    metrics: { ...r.metrics },
    ...(gross ? { gross: { ...gross.metrics } } : {}),
    benchmark: { ...r.benchmark.metrics },
    exposureBenchmark: { description: x.description, averageExposure: x.averageExposure, metrics: { ...x.metrics } },
    turnover: r.turnover,
    ruined: r.ruined,
    ...(r.ruinedOn ? { ruinedOn: r.ruinedOn } : {}),
    stopped: r.stopped.map((s) => ({ ...s })),
    equity,
    models: r.models.map((m) => ({ ...m, models: [...m.models] })),
  };
}

/** The replay's equity beside buy-and-hold of the first symbol and the same-exposure benchmark, with drawdowns. */
export function renderReplayChart(r: ReplayResult): Promise<Buffer> {
  return renderEquityChartPng({
    title: `Autopilot replay ${r.symbols.join(', ')} ${r.from}..${r.to}${r.costBps > 0 ? `, ${r.costBps} bps cost` : ''}`,
    dates: r.dates,
    series: [
      { name: 'autopilot', values: r.equity },
      { name: `buy-and-hold ${r.symbols[0]}`, values: r.benchmark.equity },
      { name: 'same exposure', values: r.exposureBenchmark.equity },
    ],
  });
}
