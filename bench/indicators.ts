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
  /** ms over the plain loop's ms for the same indicator (the target is 1.3 at most). */
  vsLoop: number;
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

// The limit: plain single-pass loops computing what ours computes (every output array, the same arithmetic: SMA-seeded
// EMAs, Wilder's a = 1/n, the error-free running sum under the SMA and Bollinger), minus what ours adds for real data:
// no NaN restarts, no argument checks. The "drifting" loops are the textbook running sums, for the cost of exactness.
function loopSma(v: Float64Array, p: number): Float64Array {
  const out = new Float64Array(v.length);
  let sum = 0;
  let err = 0;
  for (let t = 0; t < v.length; t++) {
    const x = v[t]!;
    const o = t >= p ? v[t - p]! : 0;
    const d = x - o; // TwoDiff, then TwoSum into the running sum (as sma.ts)
    const bd = d - x;
    const e1 = x - (d - bd) - (o + bd);
    const s = sum + d;
    const bs = s - sum;
    err += sum - (s - bs) + (d - bs) + e1;
    sum = s;
    out[t] = t >= p - 1 ? (sum + err) / p : NaN;
  }
  return out;
}

function loopSmaDrifting(v: Float64Array, p: number): Float64Array {
  const out = new Float64Array(v.length);
  let s = 0;
  for (let t = 0; t < v.length; t++) {
    s += v[t]!;
    if (t >= p) s -= v[t - p]!;
    out[t] = t >= p - 1 ? s / p : NaN;
  }
  return out;
}

function loopEma(v: Float64Array, p: number): Float64Array {
  const out = new Float64Array(v.length);
  const a = 2 / (p + 1);
  const k = 1 - a;
  let e = 0;
  for (let t = 0; t < v.length; t++) {
    if (t < p) {
      e += v[t]!;
      out[t] = t === p - 1 ? (e /= p) : NaN;
    } else {
      e = a * v[t]! + k * e;
      out[t] = e;
    }
  }
  return out;
}

function loopRsi(v: Float64Array, p: number): Float64Array {
  const out = new Float64Array(v.length);
  const a = 1 / p;
  const k = 1 - a;
  let g = 0;
  let l = 0;
  out[0] = NaN;
  for (let t = 1; t < v.length; t++) {
    const ch = v[t]! - v[t - 1]!;
    const gain = (ch + Math.abs(ch)) * 0.5; // max(ch, 0) without a branch, as rsi.ts
    const loss = (Math.abs(ch) - ch) * 0.5;
    if (t <= p) {
      g += gain;
      l += loss;
      if (t === p) {
        g /= p;
        l /= p;
      }
    } else {
      g = a * gain + k * g;
      l = a * loss + k * l;
    }
    out[t] = t < p ? NaN : l === 0 ? 100 : 100 - 100 / (1 + g / l);
  }
  return out;
}

/** MACD in one pass: both SMA-seeded EMAs, the line, its SMA-seeded signal EMA and the histogram advance together. */
function loopMacd(v: Float64Array, fast: number, slow: number, signal: number): Float64Array[] {
  const n = v.length;
  const line = new Float64Array(n);
  const sig = new Float64Array(n);
  const hist = new Float64Array(n);
  const af = 2 / (fast + 1);
  const as = 2 / (slow + 1);
  const ag = 2 / (signal + 1);
  const kf = 1 - af;
  const ks = 1 - as;
  const kg = 1 - ag;
  let f = 0;
  let sl = 0;
  let g = 0;
  for (let t = 0; t < n; t++) {
    const x = v[t]!;
    if (t < fast) f += x;
    if (t === fast - 1) f /= fast;
    else if (t >= fast) f = af * x + kf * f;
    if (t < slow) sl += x;
    if (t === slow - 1) sl /= slow;
    else if (t >= slow) sl = as * x + ks * sl;
    const m = t >= slow - 1 ? f - sl : NaN;
    const j = t - (slow - 1); // line values so far, minus one
    if (j >= 0 && j < signal) g += m;
    if (j === signal - 1) g /= signal;
    else if (j >= signal) g = ag * m + kg * g;
    const gs = j >= signal - 1 ? g : NaN;
    line[t] = m;
    sig[t] = gs;
    hist[t] = m - gs;
  }
  return [line, sig, hist];
}

/**
 * Bollinger as bollinger.ts computes it: error-free SMA, the window's spread slid with the exact means and recomputed
 * every n bars, 0 on a flat window.
 */
function loopBollinger(v: Float64Array, p: number, k: number): Float64Array[] {
  const n = v.length;
  const middle = new Float64Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  let sum = 0;
  let err = 0;
  let mean = 0;
  let m2 = 0;
  let since = 0;
  let same = 0;
  for (let t = 0; t < n; t++) {
    const x = v[t]!;
    const o = t >= p ? v[t - p]! : 0;
    const d = x - o;
    const bd = d - x;
    const e1 = x - (d - bd) - (o + bd);
    const s = sum + d;
    const bs = s - sum;
    err += sum - (s - bs) + (d - bs) + e1;
    sum = s;
    same = t > 0 && x === v[t - 1] ? same + 1 : 1;
    if (t < p - 1) {
      middle[t] = upper[t] = lower[t] = NaN;
      continue;
    }
    const m = (sum + err) / p;
    if (same >= p) {
      m2 = 0; // a flat window
      since = 0;
    } else if (t === p - 1 || since >= p) {
      m2 = 0;
      for (let i = t - p + 1; i <= t; i++) m2 += (v[i]! - m) * (v[i]! - m);
      since = 0;
    } else {
      m2 += (x - o) * (x - m + (o - mean));
      since++;
    }
    mean = m;
    const w = k * Math.sqrt(m2 > 0 ? m2 / p : 0);
    middle[t] = m;
    upper[t] = m + w;
    lower[t] = m - w;
  }
  return [middle, upper, lower];
}

function loopBollingerDrifting(v: Float64Array, p: number, k: number): Float64Array[] {
  const n = v.length;
  const middle = new Float64Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  let s = 0;
  let s2 = 0;
  for (let t = 0; t < n; t++) {
    s += v[t]!;
    s2 += v[t]! * v[t]!;
    if (t >= p) {
      s -= v[t - p]!;
      s2 -= v[t - p]! * v[t - p]!;
    }
    const m = s / p;
    const w = k * Math.sqrt(Math.max(0, s2 / p - m * m));
    const ready = t >= p - 1;
    middle[t] = ready ? m : NaN;
    upper[t] = ready ? m + w : NaN;
    lower[t] = ready ? m - w : NaN;
  }
  return [middle, upper, lower];
}

/**
 * Each implementation's best time over rounds in which every implementation runs once, in ms, and its last result.
 * Before timing, each is called on a short series many times, so the JIT optimises it with full type feedback as a
 * real caller would (a function first met with one 1M-bar loop is compiled on-stack mid-loop, sometimes deoptimised
 * and left unoptimised, which times the JIT, not the code). Rounds, not one implementation's runs in a row, so that
 * a slow spell of the machine (fresh memory pages for the outputs cost more than the arithmetic on some VMs) falls
 * on all of them alike. At most 15 runs or 1.5 s each; the slowest peers run once or twice.
 */
function timeAll<T>(runs: readonly ((v: Float64Array, arr: number[]) => T)[], v: Float64Array, arr: number[]): { ms: number; result: T }[] {
  const shortV = v.subarray(0, 300);
  const shortArr = arr.slice(0, 300);
  const state = runs.map((run) => {
    for (let i = 0; i < 200; i++) run(shortV, shortArr);
    return { ms: Infinity, spent: 0, count: 0, result: run(v, arr) }; // the last warm-up: values to check
  });
  for (let round = 0; round < 15; round++) {
    runs.forEach((run, i) => {
      const s = state[i]!;
      if (s.count >= 3 && s.spent > 1500) return;
      const t0 = performance.now();
      s.result = run(v, arr);
      const ms = performance.now() - t0;
      s.ms = Math.min(s.ms, ms);
      s.spent += ms;
      s.count++;
      if (ms > 1000) s.count = 3; // a peer taking seconds: one timed run is enough
    });
  }
  return state.map(({ ms, result }) => ({ ms, result }));
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
  for (let t = from; t < ours.length; t++) scale += Math.abs(ours[t]!) / (ours.length - from);
  let worst = 0;
  for (let t = from; t < ours.length; t++) {
    const d = Math.abs(ours[t]! - theirs[t]!) / Math.max(scale, Math.abs(ours[t]!));
    if (!(d <= worst)) worst = d; // NaN counts as the worst
  }
  return worst;
}

type Impl = (v: Float64Array, arr: number[]) => ArrayLike<number | undefined>;

interface Case {
  indicator: string;
  /** Each computes every output of the indicator; the one returned is compared with ours. */
  impls: [string, Impl][];
}

export async function benchIndicators(): Promise<IndicatorBenchRow[]> {
  const v = randomWalk(size);
  const arr = Array.from(v);
  const tulip = new IndicatorsSync();
  const cases: Case[] = [
    {
      indicator: 'SMA(20)',
      impls: [
        ['ours', (x) => sma(x, 20)],
        ['technicalindicators', (_, a) => ti.SMA.calculate({ period: 20, values: a })],
        ['@ixjb94/indicators', (_, a) => tulip.sma(a, 20)],
        ['indicatorts', (_, a) => its.sma(a, { period: 20 })],
        ['plain loop', (x) => loopSma(x, 20)],
        ['plain loop, drifting', (x) => loopSmaDrifting(x, 20)],
      ],
    },
    {
      indicator: 'EMA(20)',
      impls: [
        ['ours', (x) => ema(x, 20)],
        ['technicalindicators', (_, a) => ti.EMA.calculate({ period: 20, values: a })],
        ['@ixjb94/indicators', (_, a) => tulip.ema(a, 20)],
        ['indicatorts', (_, a) => its.ema(a, { period: 20 })],
        ['plain loop', (x) => loopEma(x, 20)],
      ],
    },
    {
      indicator: 'RSI(14)',
      impls: [
        ['ours', (x) => rsi(x, 14)],
        ['technicalindicators', (_, a) => ti.RSI.calculate({ period: 14, values: a })],
        ['@ixjb94/indicators', (_, a) => tulip.rsi(a, 14)],
        ['indicatorts', (_, a) => its.rsi(a, { period: 14 })],
        ['plain loop', (x) => loopRsi(x, 14)],
      ],
    },
    {
      indicator: 'MACD(12,26,9) line',
      impls: [
        ['ours', (x) => macd(x, 12, 26, 9).line],
        [
          'technicalindicators',
          (_, a) =>
            ti.MACD.calculate({
              values: a,
              fastPeriod: 12,
              slowPeriod: 26,
              signalPeriod: 9,
              SimpleMAOscillator: false,
              SimpleMASignal: false,
            }).map((r) => r.MACD),
        ],
        ['@ixjb94/indicators', (_, a) => tulip.macd(a, 12, 26, 9)[0]!],
        ['indicatorts', (_, a) => its.macd(a, { fast: 12, slow: 26, signal: 9 }).macdLine],
        ['plain loop', (x) => loopMacd(x, 12, 26, 9)[0]!],
      ],
    },
    {
      indicator: 'Bollinger(20,2) upper',
      impls: [
        ['ours', (x) => bollinger(x, 20, 2).upper],
        ['technicalindicators', (_, a) => ti.BollingerBands.calculate({ period: 20, stdDev: 2, values: a }).map((b) => b.upper)],
        ['@ixjb94/indicators', (_, a) => tulip.bbands(a, 20, 2)[2]!],
        ['indicatorts', (_, a) => its.bb(a, { period: 20 }).upper],
        ['plain loop', (x) => loopBollinger(x, 20, 2)[1]!],
        ['plain loop, drifting', (x) => loopBollingerDrifting(x, 20, 2)[1]!],
      ],
    },
  ];

  const rows: IndicatorBenchRow[] = [];
  for (const c of cases) {
    let ours: Float64Array = new Float64Array(0);
    const caseRows: IndicatorBenchRow[] = [];
    const timed = timeAll(c.impls.map(([, run]) => run), v, arr);
    for (const [i, [name]] of c.impls.entries()) {
      const { ms, result } = timed[i]!;
      const aligned = toEnd(result, size);
      if (name === 'ours') ours = aligned;
      caseRows.push({ indicator: c.indicator, implementation: name, ms, mbarsPerSec: size / 1000 / ms, maxRelDiff: maxRelDiff(ours, aligned), vsLoop: NaN });
    }
    const loop = caseRows.find((r) => r.implementation === 'plain loop')!.ms;
    for (const r of caseRows) rows.push({ ...r, vsLoop: r.ms / loop });
  }

  console.log(`indicators over ${size.toLocaleString('en-US')} bars (best of up to 15 rounds after a warm-up; lower ms is better)`);
  console.log(
    'indicator'.padEnd(24),
    'implementation'.padEnd(22),
    'ms'.padStart(9),
    'Mbars/s'.padStart(9),
    'x plain loop'.padStart(13),
    'max rel diff vs ours'.padStart(22),
  );
  for (const r of rows) {
    console.log(
      r.indicator.padEnd(24),
      r.implementation.padEnd(22),
      r.ms.toFixed(2).padStart(9),
      r.mbarsPerSec.toFixed(1).padStart(9),
      r.vsLoop.toFixed(2).padStart(13),
      r.maxRelDiff.toExponential(1).padStart(22),
    );
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchIndicators();
}
