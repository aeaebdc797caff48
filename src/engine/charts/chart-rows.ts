// The rows a chart of series over dates draws: long format for vega-lite, thinned to what a PNG can show.
import { thinIndicesOfAll } from './thin-points.ts';

export interface ChartSeries {
  name: string;
  values: Float64Array | readonly number[];
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
