// A line chart of one or more series over dates (equity curves, volatility forecasts), rendered to PNG.
import type { TopLevelSpec } from 'vega-lite';
import { chartConfig, renderVegaLite, type RenderedChart } from './render-png.ts';
import { colorEncoding, tradingDayAxis } from './chart-axis.ts';
import { thinIndicesOfAll } from './thin-points.ts';

export interface ChartSeries {
  name: string;
  values: Float64Array | readonly number[];
}

export interface LineChartInput {
  title: string;
  /** YYYY-MM-DD, one per value of every series. */
  dates: readonly string[];
  series: readonly ChartSeries[];
  yTitle?: string;
  /** d3 format of the y axis, e.g. ',.0f' or '.1%'. */
  yFormat?: string;
  width?: number;
  height?: number;
  /** Above this many points per series the lines are thinned (keeping each bucket's min and max). */
  maxPoints?: number;
}

export interface ChartRow {
  date: string;
  series: string;
  value: number | null;
}

/** Long-format rows for vega-lite, thinned on the union of the series' extremes; NaN becomes a gap (null). */
export function toRows(dates: readonly string[], series: readonly ChartSeries[], maxPoints = 2000): ChartRow[] {
  for (const s of series) {
    if (s.values.length !== dates.length) {
      throw new Error(`chart series "${s.name}" has ${s.values.length} values for ${dates.length} dates`);
    }
  }
  const keep = thinIndicesOfAll(series.map((s) => s.values), maxPoints);
  const rows: ChartRow[] = [];
  for (const s of series) {
    for (const i of keep) {
      const v = s.values[i]!;
      rows.push({ date: dates[i]!, series: s.name, value: Number.isFinite(v) ? v : null });
    }
  }
  return rows;
}

/** The vega-lite spec of the line chart (exposed for reuse and tests). */
export function lineChartSpec(input: LineChartInput): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: input.title,
    width: input.width ?? 760,
    height: input.height ?? 320,
    config: chartConfig,
    data: { values: toRows(input.dates, input.series, input.maxPoints) },
    mark: { type: 'line', strokeWidth: 1.4, interpolate: 'linear' },
    encoding: {
      x: tradingDayAxis(input.dates),
      y: {
        field: 'value',
        type: 'quantitative',
        title: input.yTitle ?? null,
        scale: { zero: false },
        axis: input.yFormat ? { format: input.yFormat } : {},
      },
      color: colorEncoding(input.series.map((s) => s.name)),
    },
  } as TopLevelSpec;
}

export async function renderLineChart(input: LineChartInput): Promise<RenderedChart> {
  return renderVegaLite(lineChartSpec(input));
}

