// The backtest chart: strategy and buy-and-hold equity on top, their drawdowns in a panel below.
import type { TopLevelSpec } from 'vega-lite';
import { chartConfig, renderVegaLite, type RenderedChart } from './render-png.ts';
import { dateAxis, toRows, type ChartSeries } from './line-chart.ts';
import type { BarSeries } from '../../registry/model.ts';
import type { BacktestResult } from '../backtest/run-backtest.ts';
import { formatDate } from '../backtest/window.ts';

export interface EquityChartInput {
  title: string;
  dates: readonly string[];
  /** Equity curves, the strategy first (e.g. [{name: 'sma-cross-20-50', ...}, {name: 'buy-and-hold', ...}]). */
  series: readonly ChartSeries[];
  /** Draw the drawdown panel (default true); drawdowns are computed from each series. */
  drawdown?: boolean;
  width?: number;
  maxPoints?: number;
}

/** Drawdown from the running peak, as a negative fraction (0 at a new high). */
export function drawdownSeries(values: Float64Array | readonly number[]): Float64Array {
  const out = new Float64Array(values.length);
  let peak = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > peak) peak = v;
    out[i] = v / peak - 1;
  }
  return out;
}

export function equityChartSpec(input: EquityChartInput): TopLevelSpec {
  const width = input.width ?? 760;
  const order = input.series.map((s) => s.name);
  const color = { field: 'series', type: 'nominal', title: null, sort: order } as const;
  const withDrawdown = input.drawdown ?? true;
  const top = {
    width,
    height: 300,
    data: { values: toRows(input.dates, input.series, input.maxPoints) },
    mark: { type: 'line', strokeWidth: 1.4 },
    encoding: {
      // The drawdown panel below carries the dates.
      x: withDrawdown ? { ...dateAxis, axis: { labels: false, ticks: false } } : dateAxis,
      y: { field: 'value', type: 'quantitative', title: 'Equity', scale: { zero: false }, axis: { format: ',.0f' } },
      color,
    },
  };
  const panels: object[] = [top];
  if (withDrawdown) {
    const dd = input.series.map((s) => ({ name: s.name, values: drawdownSeries(s.values) }));
    panels.push({
      width,
      height: 110,
      data: { values: toRows(input.dates, dd, input.maxPoints) },
      mark: { type: 'line', strokeWidth: 1 },
      encoding: {
        x: dateAxis,
        y: { field: 'value', type: 'quantitative', title: 'Drawdown', axis: { format: '.0%' } },
        color,
      },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: input.title,
    config: chartConfig,
    vconcat: panels,
    spacing: 8,
    resolve: { scale: { color: 'shared' } },
  } as TopLevelSpec;
}

export async function renderEquityChart(input: EquityChartInput): Promise<RenderedChart> {
  return renderVegaLite(equityChartSpec(input));
}

export async function renderEquityChartPng(input: EquityChartInput): Promise<Buffer> {
  return (await renderEquityChart(input)).png;
}

/** The chart input for a backtest beside its buy-and-hold benchmark (both over the same window). */
export function backtestChartInput(
  bars: BarSeries,
  result: BacktestResult,
  benchmark: BacktestResult,
  names: { title: string; strategy: string; benchmark?: string },
): EquityChartInput {
  const dates: string[] = new Array(result.bars);
  for (let k = 0; k < result.bars; k++) dates[k] = formatDate(bars.time[result.fromIndex + k]!);
  return {
    title: names.title,
    dates,
    series: [
      { name: names.strategy, values: result.equity },
      { name: names.benchmark ?? 'buy-and-hold', values: benchmark.equity },
    ],
  };
}
