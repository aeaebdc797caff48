// Exact ties of simple moving averages (issue 12): decided as the contract's strict `>` decides them in exact
// arithmetic, however long the series, and real (one cent) differences still count.
import { describe, expect, it } from 'vitest';
import { getModel } from '../../src/registry/catalog.ts';
import { bollinger } from '../../src/registry/indicators/bollinger.ts';
import { cci } from '../../src/registry/indicators/cci.ts';
import { compensatedSum } from '../../src/registry/indicators/compensated-sum.ts';
import { sma } from '../../src/registry/indicators/sma.ts';
import { exceeds, negligible, SMA_TIE_ULPS } from '../../src/registry/indicators/ties.ts';
import { zscore } from '../../src/registry/indicators/zscore.ts';
import type { BarSeries, Model } from '../../src/registry/model.ts';
import { mulberry32 } from '../../src/registry/seeded-random.ts';
import { gapToTrailingMean } from '../../src/registry/families/macro/observation-transforms.ts';

function model(id: string): Model {
  const m = getModel(id);
  if (!m) throw new Error(`missing model ${id}`);
  return m;
}

function barsOf(close: Float64Array): BarSeries {
  const n = close.length;
  const time = Float64Array.from({ length: n }, (_, t) => Date.UTC(1990, 0, 1) + t * 86_400_000);
  return { length: n, time, open: close, high: close, low: close, close, volume: new Float64Array(n) };
}

/** The old running sum: add the new value, subtract the one leaving; it drifts over a long series. */
function runningSumSma(v: Float64Array, p: number): Float64Array {
  const out = new Float64Array(v.length).fill(NaN);
  let s = 0;
  for (let t = 0; t < v.length; t++) {
    s += v[t]!;
    if (t >= p) s -= v[t - p]!;
    if (t >= p - 1) out[t] = s / p;
  }
  return out;
}

/**
 * A long random walk of prices in cents around $50,000 (large magnitudes: a running sum's drift grows with them and
 * with the bar count), whose last 20 closes have SMA5 = SMA20 exactly in decimal: the 15 older ones sum to three
 * times the newest 5 (SMA5 - SMA20 = (3 sum5 - sum15) / 20). `extraCents` is added to the last close.
 */
function tieSeries(seed: number, n = 20_000, extraCents = 0): Float64Array {
  const rand = mulberry32(seed);
  const cents = new Array<number>(n);
  let c = 5_000_000;
  for (let i = 0; i < n - 5; i++) {
    c += Math.round((rand() - 0.5) * 20_000);
    cents[i] = c;
  }
  let sum15 = 0;
  for (let i = n - 20; i < n - 5; i++) sum15 += cents[i]!;
  cents[n - 6]! -= sum15 % 3; // make sum15 divisible by 3
  sum15 -= sum15 % 3;
  const five = sum15 / 3;
  const base = Math.round(five / 5);
  const head = [base + 300, base - 200, base + 100, base - 400];
  head.forEach((v, k) => (cents[n - 5 + k] = v));
  cents[n - 1] = five - head.reduce((a, b) => a + b, 0) + extraCents;
  return Float64Array.from(cents, (x) => x / 100);
}

const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

describe('sma-cross-5-20 on an exact SMA5 = SMA20 tie', () => {
  it('the series really ties, and the old running sum really drifts off it', () => {
    let drifted = 0;
    let driftedUp = 0;
    for (const seed of seeds) {
      const v = tieSeries(seed);
      const t = v.length - 1;
      // the tie in integer cents, exactly
      const cents = Array.from(v.subarray(t - 19), (x) => Math.round(x * 100));
      expect(4 * cents.slice(15).reduce((a, b) => a + b, 0)).toBe(cents.reduce((a, b) => a + b, 0));
      const f = runningSumSma(v, 5)[t]!;
      const s = runningSumSma(v, 20)[t]!;
      if (f !== s) drifted++;
      if (f > s) driftedUp++;
    }
    expect(drifted).toBeGreaterThan(seeds.length / 2);
    expect(driftedUp).toBeGreaterThan(0); // on these the old model said w = 1
  });

  it('gives weight 0 on the tie day, and 1 when the newest close is one cent higher', () => {
    const cross = model('sma-cross-5-20');
    for (const seed of seeds) {
      const tie = tieSeries(seed);
      const t = tie.length - 1;
      expect(cross.run({ bars: barsOf(tie) })[t]).toBe(0);
      const up = tieSeries(seed, 20_000, 1); // SMA5 - SMA20 = 0.01 * (1/5 - 1/20) = 0.0015
      expect(cross.run({ bars: barsOf(up) })[t]).toBe(1);
      const down = tieSeries(seed, 20_000, -1);
      expect(cross.run({ bars: barsOf(down) })[t]).toBe(0);
    }
  });

  it('keeps the SMA within an ulp or two of the exact window mean after 20,000 bars', () => {
    for (const seed of seeds) {
      const v = tieSeries(seed);
      const t = v.length - 1;
      for (const p of [5, 20, 200]) {
        const exact = compensatedSum(v, t - p + 1, t + 1) / p;
        const ours = sma(v, p)[t]!;
        expect(Math.abs(ours - exact)).toBeLessThanOrEqual(2 * 2 ** -52 * exact);
      }
    }
  });
});

describe('comparisons with an SMA on flat prices', () => {
  // 300 moving bars, then 300 bars at one price that no double represents exactly
  const close = new Float64Array(600);
  for (let t = 0; t < 300; t++) close[t] = 1000 + ((t * 37) % 101) / 100;
  close.fill(1234.57, 300);
  const bars = barsOf(close);

  it('price-above-sma, trend-regime and the SMA crosses are flat (a tie), never noise', () => {
    for (const id of ['price-above-sma-20', 'price-above-sma-200', 'sma-cross-5-20', 'sma-cross-50-200']) {
      const w = model(id).run({ bars });
      expect(Array.from(w.subarray(520))).toEqual(new Array(80).fill(0));
    }
    const regime = model('trend-regime-200').run({ bars });
    expect(Array.from(regime.subarray(520))).toEqual(new Array(80).fill(0));
  });

  it('the z-score and CCI of a flat window are 0, and Bollinger reversion does not enter on it', () => {
    const z = zscore(close, 20);
    const c = cci(close, close, close, 20);
    for (let t = 320; t < 600; t++) {
      expect(z[t]).toBe(0);
      expect(c[t]).toBe(0);
    }
    const b = bollinger(close, 20, 2);
    for (let t = 320; t < 600; t++) expect(exceeds(b.lower[t]!, close[t]!, SMA_TIE_ULPS)).toBe(false);
    const w = model('bollinger-reversion-20-2').run({ bars });
    // whatever it held at the start of the flat stretch it keeps: no entry and no exit on a tie
    expect(new Set(Array.from(w.subarray(320))).size).toBe(1);
  });
});

describe('ties.ts', () => {
  it('exceeds is strict beyond a few ulps of the scale, and false with NaN', () => {
    const p = 1234.57;
    const ulp = 2 ** -52 * p;
    expect(exceeds(p + 4 * ulp, p, SMA_TIE_ULPS)).toBe(false);
    expect(exceeds(p + 1e-9, p, SMA_TIE_ULPS)).toBe(true);
    expect(exceeds(p, p + 1e-9, SMA_TIE_ULPS)).toBe(false);
    expect(exceeds(NaN, p, SMA_TIE_ULPS)).toBe(false);
    expect(exceeds(p, NaN, SMA_TIE_ULPS)).toBe(false);
    expect(negligible(3 * ulp, SMA_TIE_ULPS, p)).toBe(true);
    expect(negligible(1e-9, SMA_TIE_ULPS, p)).toBe(false);
  });

  it('an unemployment rate equal to its trailing mean has a gap of exactly 0', () => {
    const value = Float64Array.from([4.1, 4.1, 4.1, 4.1, 4.1, 4.1, 4.1, 4.1, 4.1, 4.1, 4.1, 4.1, 4.2, 4.1, 3.9, 4.3]);
    const time = Float64Array.from(value, (_, i) => Date.UTC(2000, i, 1));
    const gap = gapToTrailingMean({ time, value }, 12).value;
    expect(gap[11]).toBe(0);
    expect(gap[12]).toBeGreaterThan(0);
    // 4.1 after 4.1 x 10, 4.2, 4.1: the mean is 4.108..., so the gap is a real -0.008...
    expect(gap[13]).toBeCloseTo(4.1 - (4.1 * 11 + 4.2) / 12, 12);
  });
});
