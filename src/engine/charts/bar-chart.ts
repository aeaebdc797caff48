// A horizontal bar chart of one value per label (leaderboards: a metric per model), rendered to PNG.
import type { TopLevelSpec } from 'vega-lite';
import { chartConfig, renderVegaLite, type RenderedChart } from './render-png.ts';

export interface BarChartInput {
  title: string;
  labels: readonly string[];
  values: readonly number[] | Float64Array;
  valueTitle?: string;
  /** d3 format of the values, e.g. '.1%'. */
  format?: string;
  width?: number;
}

export function barChartSpec(input: BarChartInput): TopLevelSpec {
  if (input.labels.length !== input.values.length) throw new Error('bar chart: one value per label');
  const rows = input.labels.map((label, i) => ({ label, value: Number.isFinite(input.values[i]!) ? input.values[i]! : null }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: input.title,
    config: chartConfig,
    width: input.width ?? 560,
    height: { step: 22 },
    data: { values: rows },
    mark: { type: 'bar', color: '#4c78a8' },
    encoding: {
      // Keep the caller's order (a leaderboard is already ranked).
      y: { field: 'label', type: 'nominal', title: null, sort: null },
      x: { field: 'value', type: 'quantitative', title: input.valueTitle ?? null, axis: input.format ? { format: input.format } : {} },
    },
  } as TopLevelSpec;
}

export async function renderBarChart(input: BarChartInput): Promise<RenderedChart> {
  return renderVegaLite(barChartSpec(input));
}

export async function renderBarChartPng(input: BarChartInput): Promise<Buffer> {
  return (await renderBarChart(input)).png;
}
