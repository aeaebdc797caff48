// The charts' font and shared look, apart from the renderer: building a chart's spec loads no vega.
export const CHART_FONT = 'DejaVu Sans';

/** The shared look of every chart: one font, white background, quiet grid. */
export const chartConfig = {
  background: 'white',
  font: CHART_FONT,
  padding: 12,
  title: { fontSize: 15, anchor: 'start' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'top' },
  view: { stroke: null },
} as const;
