// Benchmark of our indicators over 1,000,000 bars beside technicalindicators, @ixjb94/indicators, indicatorts and a plain loop.
import { IndicatorsSync } from '@ixjb94/indicators';
import * as its from 'indicatorts';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import * as ti from 'technicalindicators';
import { bollinger } from '../src/registry/indicators/bollinger.ts';
import { ema } from '../src/registry/indicators/ema.ts';
import { macd } from '../src/registry/indicators/macd.ts';
import { rsi } from '../src/registry/indicators/rsi.ts';
import { sma } from '../src/registry/indicators/sma.ts';

export interface IndicatorBenchRow {
  indicator: string;
  implementation: string;
  ms: number;
  mbarsPerSec: number;
  /** Largest relative difference from ours over the last 90% of the bars (output ends aligned; see maxRelDiff). */
  maxRelDiff: number;
}

const size = 1_000_000;

/** A seeded random walk (mulberry32 + Box-Muller): synthetic, only for throughput. */
function randomWalk(n: number, seed = 7): Float64Array {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float64Array(n);
  let px = 1000;
  for (let i = 0; i < n; i++) {
    px *= Math.exp(0.01 * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));
    out[i] = px;
  }
  return out;
}

// The limit: the plainest single-pass loops, no NaN handling, no allocation beyond the output.
function loopSma(v: Float64Array, p: number): Float64Array {
  const out = new Float64Array(v.length);
  let s = 0;
  for (let t = 0; t < v.length; t++) {
    s += v[t];
    if (t >= p) s -= v[t - p];
    out[t] = t >= p - 1 ? s / p : NaN;
  }
  return out;
}

function loopEma(v: Float64Array, p: number): Float64Array {
  const out = new Float64Array(v.length);
  const a = 2 / (p + 1);
  let e = 0;
  for (let t = 0; t < v.length; t++) {
    if (t < p) {
      e += v[t] / p;
      out[t] = t === p - 1 ? e : NaN;
    } else {
      e = a * v[t] + (1 - a) * e;
      out[t] = e;
    }
  }
  return out;
}

function loopRsi(v: Float64Array, p: number): Float64Array {
  const out = new Float64Array(v.length).fill(NaN);
  let g = 0;
  let l = 0;
  for (let t = 1; t < v.length; t++) {
    const ch = v[t] - v[t - 1];
    const gain = ch > 0 ? ch : 0;
    const loss = ch < 0 ? -ch : 0;
    if (t <= p) {
      g += gain / p;
      l += loss / p;
    } else {
      g = (g * (p - 1) + gain) / p;
      l = (l * (p - 1) + loss) / p;
    }
    if (t >= p) out[t] = l === 0 ? 100 : 100 - 100 / (1 + g / l);
  }
  return out;
}

/** MACD line in one pass: both SMA-seeded EMAs advance together. */
function loopMacdLine(v: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  const af = 2 / 13;
  const as = 2 / 27;
  let f = 0;
  let sl = 0;
  for (let t = 0; t < v.length; t++) {
    const x = v[t];
    if (t < 12) f += x / 12;
    else f = af * x + (1 - af) * f;
    if (t < 26) sl += x / 26;
    else sl = as * x + (1 - as) * sl;
    out[t] = t >= 25 ? f - sl : NaN;
  }
  return out;
}

function loopBollingerUpper(v: Float64Array, p: number, k: number): Float64Array {
  const out = new Float64Array(v.length);
  let s = 0;
  let s2 = 0;
  for (let t = 0; t < v.length; t++) {
    s += v[t];
    s2 += v[t] * v[t];
    if (t >= p) {
      s -= v[t - p];
      s2 -= v[t - p] * v[t - p];
    }
    const m = s / p;
    out[t] = t >= p - 1 ? m + k * Math.sqrt(Math.max(0, s2 / p - m * m)) : NaN;
  }
  return out;
}

/** Best of a few runs (at most ~1.5 s of repeats), in ms, and the last result. */
function time<T>(run: () => T): { ms: number; result: T } {
  let result = run(); // warm-up, and the values to check
  let best = Infinity;
  const start = performance.now();
  for (let i = 0; i < 5 && performance.now() - start < 1500; i++) {
    const t0 = performance.now();
    result = run();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, result };
}

function toEnd(values: ArrayLike<number | undefined>, n: number): Float64Array {
  const out = new Float64Array(n).fill(NaN);
  const off = n - values.length;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number') out[off + i] = v;
  }
  return out;
}

/** Relative to max(|ours|, mean |ours|), so a line crossing zero (MACD) is judged on its own scale. */
function maxRelDiff(ours: Float64Array, theirs: Float64Array): number {
  const from = Math.floor(ours.length / 10);
  let scale = 0;
  for (let t = from; t < ours.length; t++) scale += Math.abs(ours[t]) / (ours.length - from);
  let worst = 0;
  for (let t = from; t < ours.length; t++) {
    const d = Math.abs(ours[t] - theirs[t]) / Math.max(scale, Math.abs(ours[t]));
    if (!(d <= worst)) worst = d; // NaN counts as the worst
  }
  return worst;
}

interface Case {
  indicator: string;
  impls: [string, () => ArrayLike<number | undefined>][];
}

export async function benchIndicators(): Promise<IndicatorBenchRow[]> {
  const v = randomWalk(size);
  const arr = Array.from(v);
  const tulip = new IndicatorsSync();
  const cases: Case[] = [
    {
      indicator: 'SMA(20)',
      impls: [
        ['ours', () => sma(v, 20)],
        ['technicalindicators', () => ti.SMA.calculate({ period: 20, values: arr })],
        ['@ixjb94/indicators', () => tulip.sma(arr, 20)],
        ['indicatorts', () => its.sma(arr, { period: 20 })],
        ['plain loop', () => loopSma(v, 20)],
      ],
    },
    {
      indicator: 'EMA(20)',
      impls: [
        ['ours', () => ema(v, 20)],
        ['technicalindicators', () => ti.EMA.calculate({ period: 20, values: arr })],
        ['@ixjb94/indicators', () => tulip.ema(arr, 20)],
        ['indicatorts', () => its.ema(arr, { period: 20 })],
        ['plain loop', () => loopEma(v, 20)],
      ],
    },
    {
      indicator: 'RSI(14)',
      impls: [
        ['ours', () => rsi(v, 14)],
        ['technicalindicators', () => ti.RSI.calculate({ period: 14, values: arr })],
        ['@ixjb94/indicators', () => tulip.rsi(arr, 14)],
        ['indicatorts', () => its.rsi(arr, { period: 14 })],
        ['plain loop', () => loopRsi(v, 14)],
      ],
    },
    {
      indicator: 'MACD(12,26,9) line',
      impls: [
        ['ours', () => macd(v, 12, 26, 9).line],
        [
          'technicalindicators',
          () =>
            ti.MACD.calculate({
              values: arr,
              fastPeriod: 12,
              slowPeriod: 26,
              signalPeriod: 9,
              SimpleMAOscillator: false,
              SimpleMASignal: false,
            }).map((r) => r.MACD),
        ],
        ['@ixjb94/indicators', () => tulip.macd(arr, 12, 26, 9)[0]],
        ['indicatorts', () => its.macd(arr, { fast: 12, slow: 26, signal: 9 }).macdLine],
        ['plain loop', () => loopMacdLine(v)],
      ],
    },
    {
      indicator: 'Bollinger(20,2) upper',
      impls: [
        ['ours', () => bollinger(v, 20, 2).upper],
        ['technicalindicators', () => ti.BollingerBands.calculate({ period: 20, stdDev: 2, values: arr }).map((b) => b.upper)],
        ['@ixjb94/indicators', () => tulip.bbands(arr, 20, 2)[2]],
        ['indicatorts', () => its.bb(arr, { period: 20 }).upper],
        ['plain loop', () => loopBollingerUpper(v, 20, 2)],
      ],
    },
  ];

  const rows: IndicatorBenchRow[] = [];
  for (const c of cases) {
    let ours: Float64Array = new Float64Array(0);
    for (const [name, run] of c.impls) {
      const { ms, result } = time(run);
      const aligned = toEnd(result, size);
      if (name === 'ours') ours = aligned;
      rows.push({ indicator: c.indicator, implementation: name, ms, mbarsPerSec: size / 1000 / ms, maxRelDiff: maxRelDiff(ours, aligned) });
    }
  }

  console.log(`indicators over ${size.toLocaleString('en-US')} bars (best of up to 6 runs; lower ms is better)`);
  console.log('indicator'.padEnd(24), 'implementation'.padEnd(22), 'ms'.padStart(9), 'Mbars/s'.padStart(9), 'max rel diff vs ours'.padStart(22));
  for (const r of rows) {
    console.log(
      r.indicator.padEnd(24),
      r.implementation.padEnd(22),
      r.ms.toFixed(2).padStart(9),
      r.mbarsPerSec.toFixed(1).padStart(9),
      r.maxRelDiff.toExponential(1).padStart(22),
    );
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchIndicators();
}
