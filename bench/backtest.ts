// Benchmark of the exact backtester: backtests per second on real SPX and on 1M synthetic bars, beside a naive version.
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { runBacktest } from '../src/engine/backtest/run-backtest.ts';
import type { BarSeries } from '../src/registry/model.ts';
import { loadSpx } from '../tests/fixtures/spx.ts';
import { naiveBacktest } from '../tests/engine/backtest/naive-backtest.ts';

/** A seeded geometric random walk (mulberry32 + Box-Muller): synthetic, only for timing. */
function syntheticBars(n: number, seed = 42): BarSeries {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const bars = {
    length: n,
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let px = 100;
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    const o = px * (1 + 0.002 * (rand() - 0.5));
    px = o * Math.exp(0.01 * z);
    bars.time[i] = i * 86_400_000;
    bars.open[i] = o;
    bars.close[i] = px;
    bars.high[i] = Math.max(o, px);
    bars.low[i] = Math.min(o, px);
  }
  return bars;
}

/** sma-cross-20-50 weights, as the contract defines them (rolling sums). */
function smaCrossWeights(close: Float64Array): Float64Array {
  const w = new Float64Array(close.length);
  let f = 0;
  let s = 0;
  for (let t = 0; t < close.length; t++) {
    f += close[t]!;
    s += close[t]!;
    if (t >= 20) f -= close[t - 20]!;
    if (t >= 50) s -= close[t - 50]!;
    if (t >= 49) w[t] = f / 20 > s / 50 ? 1 : 0;
  }
  return w;
}

function perSecond(run: () => unknown, minMs: number): { perSec: number; runs: number } {
  run(); // warm-up
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    run();
    runs++;
    elapsed = performance.now() - start;
  }
  return { perSec: (runs * 1000) / elapsed, runs };
}

export interface BacktestBenchRow {
  case: string;
  bars: number;
  engine: number;
  naive: number;
}

export async function benchBacktest(): Promise<BacktestBenchRow[]> {
  const rows: BacktestBenchRow[] = [];
  for (const [name, bars, minMs] of [
    ['SPX daily, sma-cross-20-50, 5 bps', loadSpx(), 1500],
    ['synthetic 1M bars, sma-cross-20-50, 5 bps', syntheticBars(1_000_000), 3000],
  ] as const) {
    const w = smaCrossWeights(bars.close);
    const n = bars.length;
    const engine = perSecond(() => runBacktest(bars, w, { costBps: 5 }), minMs);
    const naive = perSecond(() => naiveBacktest(bars.open, bars.close, w, 0, n - 1, 100_000, 5), minMs);
    rows.push({ case: name, bars: n, engine: engine.perSec, naive: naive.perSec });
  }
  console.log('backtest: backtests per second (higher is better)');
  console.log('case'.padEnd(44), 'bars'.padStart(9), 'engine'.padStart(10), 'naive'.padStart(10), 'ratio'.padStart(7), 'Mbars/s'.padStart(8));
  for (const r of rows) {
    console.log(
      r.case.padEnd(44),
      String(r.bars).padStart(9),
      r.engine.toFixed(1).padStart(10),
      r.naive.toFixed(1).padStart(10),
      (r.engine / r.naive).toFixed(1).padStart(7),
      ((r.engine * r.bars) / 1e6).toFixed(1).padStart(8),
    );
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchBacktest();
}
