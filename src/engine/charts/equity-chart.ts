// The backtest chart: strategy and buy-and-hold equity on top, their drawdowns in a panel below.
import type { TopLevelSpec } from 'vega-lite';
import { chartConfig } from './chart-config.ts';
import type { RenderedChart } from './render-png.ts';
import { colorEncoding, tradingDayAxis } from './chart-axis.ts';
import { toRows, type ChartSeries } from './chart-rows.ts';
import type { BarSeries } from '../../registry/model.ts';
import type { BacktestResult } from '../backtest/run-backtest.ts';
import { isoDate } from '../../calendar/dates.ts';

export interface EquityChartInput {
  title: string;
  dates: readonly string[];
  /** Equity curves, the strategy first (e.g. [{name: 'sma-cross-20-50', ...}, {name: 'buy-and-hold', ...}]). */
  series: readonly ChartSeries[];
  /** Draw the drawdown panel (default true); drawdowns are computed from each series. */
  drawdown?: boolean;
  width?: number;
  maxPoints?: number;
  /** Cost assumed, bps of traded notional: named in the title when not zero. */
  costBps?: number;
  /** Height of the equity panel (default 300). */
  height?: number;
  /** Mark every point (a short curve, such as a young account's daily closes). */
  points?: boolean;
  /** Order dates of the first series (a backtest's trades), marked on its equity line. */
  trades?: readonly { date: string; side: 'buy' | 'sell' }[];
}

/** Above this many trades the markers would hide the line: none are drawn. */
const MAX_TRADE_MARKERS = 150;

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
  const color = colorEncoding(order);
  const withDrawdown = input.drawdown ?? true;
  // Equity and drawdown rows are thinned on the same bars, so both panels share one x domain.
  const DD = '\u0000drawdown';
  const ddSeries = withDrawdown ? input.series.map((s) => ({ name: `${s.name}${DD}`, values: drawdownSeries(s.values) })) : [];
  const allRows = toRows(input.dates, [...input.series, ...ddSeries], input.maxPoints);
  const rows = allRows.filter((r) => !r.series.endsWith(DD));
  const ddRows = allRows.filter((r) => r.series.endsWith(DD)).map((r) => ({ ...r, series: r.series.slice(0, -DD.length) }));
  const rowDates = [...new Set(rows.map((r) => r.date))];
  const x = tradingDayAxis(rowDates);
  // A log scale when the equity spans more than 10x (a decade's compounding), so its early years are not flat.
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) if (r.value !== null) [lo, hi] = [Math.min(lo, r.value), Math.max(hi, r.value)];
  const log = lo > 0 && hi / lo > 10;
  const layers: object[] = [{ mark: { type: 'line', strokeWidth: 1.4, ...(input.points ? { point: true } : {}) }, encoding: { color } }];
  const trades = input.trades ?? [];
  if (trades.length > 0 && trades.length <= MAX_TRADE_MARKERS && input.series[0]) {
    const first = input.series[0];
    const at = new Map(input.dates.map((d, i) => [d, first.values[i]!] as const));
    // A trade on a bar the thinning left out is marked at the nearest drawn bar before it, on the line.
    const drawn = (d: string) => {
      let lo = 0;
      let hi = rowDates.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (rowDates[mid]! <= d) lo = mid;
        else hi = mid - 1;
      }
      return rowDates[lo]!;
    };
    layers.push({
      data: { values: trades.map((t) => ({ date: drawn(t.date), value: at.get(drawn(t.date)) ?? null, side: t.side })) },
      mark: { type: 'point', filled: true, size: 28 },
      encoding: {
        shape: { field: 'side', type: 'nominal', title: null, scale: { domain: ['buy', 'sell'], range: ['triangle-up', 'triangle-down'] } },
        color: { value: '#222222' },
      },
    });
  }
  const top = {
    width,
    height: input.height ?? 300,
    data: { values: rows },
    encoding: {
      // The drawdown panel below carries the dates.
      x: withDrawdown ? { ...x, axis: { ...(x as { axis: object }).axis, labels: false, ticks: false } } : x,
      y: { field: 'value', type: 'quantitative', title: log ? 'Equity (log scale)' : 'Equity', scale: log ? { type: 'log' } : { zero: false }, axis: { format: ',.0f' } },
    },
    layer: layers,
  };
  const panels: object[] = [top];
  if (withDrawdown) {
    panels.push({
      width,
      height: 110,
      data: { values: ddRows },
      mark: { type: 'line', strokeWidth: 1 },
      encoding: {
        x,
        y: { field: 'value', type: 'quantitative', title: 'Drawdown', axis: { format: '.0%' } },
        color,
      },
    });
  }
  const cost = input.costBps && input.costBps > 0 ? `, ${input.costBps} bps cost` : '';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${input.title}${cost}`,
    config: chartConfig,
    vconcat: panels,
    spacing: 8,
    resolve: { scale: { color: 'shared', x: 'shared' } },
  } as TopLevelSpec;
}

export async function renderEquityChart(input: EquityChartInput): Promise<RenderedChart> {
  // vega, vega-lite and resvg load with the first chart (about 0.3 s), not with every command that could draw one.
  const { renderVegaLite } = await import('./render-png.ts');
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
  for (let k = 0; k < result.bars; k++) dates[k] = isoDate(bars.time[result.fromIndex + k]!);
  // An order happens at bar k when the target decided after k-1 differs from the one before it (w[-1] = 0).
  const trades: { date: string; side: 'buy' | 'sell' }[] = [];
  for (let k = 1; k < result.bars; k++) {
    const target = result.weights[k - 1]!;
    const before = k >= 2 ? result.weights[k - 2]! : 0;
    if (target !== before) trades.push({ date: dates[k]!, side: target > before ? 'buy' : 'sell' });
  }
  return {
    title: names.title,
    dates,
    series: [
      { name: names.strategy, values: result.equity },
      { name: names.benchmark ?? 'buy-and-hold', values: benchmark.equity },
    ],
    costBps: result.costBps,
    trades,
  };
}
