import { seriesColors } from '../../../src/engine/charts/chart-axis.ts';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backtestChartInput, equityChartSpec, renderEquityChart, renderEquityChartPng, drawdownSeries } from '../../../src/engine/charts/equity-chart.ts';
import { saveChart } from '../../../src/engine/charts/save-chart.ts';
import { runBacktest } from '../../../src/engine/backtest/run-backtest.ts';
import { buyAndHoldBenchmark } from '../../../src/engine/backtest/buy-and-hold.ts';
import { loadSpx } from '../../fixtures/spx.ts';
import { isoDate } from '../../../src/calendar/dates.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Width and height from the PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('equity chart', () => {
  it('draws strategy vs buy-and-hold on all of SPX with a drawdown panel, to a PNG with text', async () => {
    const bars = loadSpx();
    // Long when the close is above the previous close: any weights do for a chart.
    const w = new Float64Array(bars.length);
    for (let t = 1; t < bars.length; t++) w[t] = bars.close[t]! > bars.close[t - 1]! ? 1 : 0;
    const strat = runBacktest(bars, w);
    const bh = buyAndHoldBenchmark(bars);
    const input = backtestChartInput(bars, strat, bh, { title: 'SPX up-day vs buy-and-hold', strategy: 'up-day' });
    expect(input.dates[0]).toBe('2000-01-03');
    expect(input.dates).toHaveLength(5105);
    const chart = await renderEquityChart(input);
    expect(chart.png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(chart.png)).toEqual({ width: chart.width, height: chart.height });
    expect(chart.width).toBeGreaterThan(1400); // 760 px plot width, axes and padding, rendered at 2x
    expect(chart.height).toBeGreaterThan(800);
    expect(chart.svg).toContain('SPX up-day vs buy-and-hold');
    expect(chart.svg).toContain('Equity');
    expect(chart.svg).toContain('Drawdown');
    expect(chart.svg).toContain('buy-and-hold');
    // Date ticks carry their year on a 20-year window, and only trading days are on the axis.
    expect(chart.svg).toContain('>Jan 2000<');
    expect(chart.svg).toContain('>Apr 2020<');
    expect(chart.svg).toContain('−40%'); // vega's minus sign on the drawdown axis: buy-and-hold fell about 56% in 2008
    expect(chart.svg).toContain('font-family="DejaVu Sans"');

    const dir = mkdtempSync(join(tmpdir(), 'mltrainer-chart-'));
    const path = await saveChart(dir, 'SPX: up-day / buy&hold', chart.png);
    expect(path.startsWith(dir)).toBe(true);
    expect(path).toMatch(/spx-up-day-buy-hold-[0-9a-f]{8}\.png$/);
    expect(readFileSync(path).equals(chart.png)).toBe(true);
    const other = await saveChart(dir, 'SPX: up-day / buy&hold', chart.png);
    expect(other).not.toBe(path);
    expect(existsSync(other)).toBe(true);
  });

  it('builds specs that read on any window: years on ticks, trading days only, fixed colours, log scale past 10x, cost, trades', () => {
    const bars = loadSpx();
    const w = new Float64Array(bars.length);
    for (let t = 1; t < bars.length; t++) w[t] = t % 200 < 100 ? 1 : 0;
    const strat = runBacktest(bars, w, { costBps: 5 });
    const bh = buyAndHoldBenchmark(bars, { costBps: 5 });
    const spec = equityChartSpec(backtestChartInput(bars, strat, bh, { title: 'sma vs buy-and-hold', strategy: 'sma' })) as unknown as {
      title: string;
      vconcat: { encoding: { x: { type: string; axis: { values: string[]; labelExpr: string } } }; layer?: { data?: { values: unknown[] }; mark: { type: string } }[] }[];
    };
    expect(spec.title).toBe('sma vs buy-and-hold, 5 bps cost');
    const x = spec.vconcat[1]!.encoding.x;
    expect(x.type).toBe('ordinal'); // a point per bar: weekends and holidays take no room
    expect(x.axis.labelExpr).toContain('%Y');
    for (const d of x.axis.values) expect([0, 6]).not.toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
    // Trades marked on the strategy's line.
    const markers = spec.vconcat[0]!.layer!.find((l) => l.mark.type === 'point')!;
    expect(markers.data!.values.length).toBe(strat.metrics.trades);
    // Buy-and-hold is grey in every chart; a series spanning more than 10x gets a log scale.
    expect(seriesColors(['sma', 'buy-and-hold'])).toEqual(['#1f77b4', '#7f7f7f']);
    expect(seriesColors(['buy-and-hold SPX', 'autopilot', 'same exposure'])).toEqual(['#7f7f7f', '#1f77b4', '#ff7f0e']);
    const growth = Float64Array.from({ length: 300 }, (_, i) => 100 * 1.01 ** i);
    const log = equityChartSpec({ title: 't', dates: Array.from({ length: 300 }, (_, i) => new Date(Date.UTC(2001, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)), series: [{ name: 'x', values: growth }] }) as unknown as {
      vconcat: { encoding: { y: { scale: { type?: string } } } }[];
    };
    expect(log.vconcat[0]!.encoding.y.scale.type).toBe('log');
  });

  it('draws text: changing only the title changes the PNG', async () => {
    // A title-only difference changes the PNG only if text is actually drawn.
    const dates = ['2020-01-02', '2020-01-03', '2020-01-06'];
    const series = [{ name: 'a', values: [100, 101, 99] }];
    const one = await renderEquityChartPng({ title: 'First title', dates, series, drawdown: false });
    const two = await renderEquityChartPng({ title: 'Other words', dates, series, drawdown: false });
    expect(one.equals(two)).toBe(false);
  });

  it('drawdownSeries is the fall from the running peak', () => {
    expect(Array.from(drawdownSeries([100, 120, 90, 130, 65]))).toEqual([0, 0, 90 / 120 - 1, 0, -0.5]);
  });
});

describe('long series', () => {
  it('renders a chart of 200,000 points by thinning, keeping the extremes', async () => {
    const n = 200_000;
    const dates: string[] = new Array(n);
    const values = new Float64Array(n);
    const start = Date.UTC(1900, 0, 1);
    for (let i = 0; i < n; i++) {
      dates[i] = isoDate(start + Math.floor(i / 4) * 86_400_000);
      values[i] = Math.sin(i / 5000) * 10 + (i === 177_777 ? 500 : 0);
    }
    const chart = await renderEquityChart({ title: 'Thinned', dates, series: [{ name: 'sine', values }], drawdown: false });
    expect(chart.svg).toContain('Thinned');
    // The single spike of 500 survives thinning, so the y axis reaches 500.
    expect(chart.svg).toContain('>500<');
  });
});
