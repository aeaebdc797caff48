// Our indicators against two established libraries on real SPX bars, to ~1e-9 after aligning output offsets.
//
// Conventions, and how they are reconciled:
// - technicalindicators drops the warm-up bars: its arrays end at the last bar, so they are aligned to the end.
//   It seeds EMAs with the SMA (as we do), uses population std in Bollinger (as TA-Lib and we do), Wilder
//   smoothing for ATR/ADX with the first true range at bar 1 (as we do). Its RSI is rounded to 2 decimals,
//   so RSI is compared with it to 0.005 and exactly with @ixjb94/indicators instead.
// - @ixjb94/indicators (a port of Tulip Indicators) seeds EMA and MACD with the first value, and ATR/ADX/DI with
//   sums over n-1 bars (counting bar 0's high-low): the seeds differ, the recursions are the same, and the
//   difference decays geometrically, so those are compared on the last 3000 bars only, where it is < 1e-40.
import { IndicatorsSync } from '@ixjb94/indicators';
import * as ti from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { adx } from '../../src/registry/indicators/adx.ts';
import { atr } from '../../src/registry/indicators/atr.ts';
import { bollinger } from '../../src/registry/indicators/bollinger.ts';
import { cci } from '../../src/registry/indicators/cci.ts';
import { rollingMax, rollingMin } from '../../src/registry/indicators/rolling-extremes.ts';
import { ema } from '../../src/registry/indicators/ema.ts';
import { keltner } from '../../src/registry/indicators/keltner.ts';
import { logReturns } from '../../src/registry/indicators/log-returns.ts';
import { macd } from '../../src/registry/indicators/macd.ts';
import { parabolicSar } from '../../src/registry/indicators/parabolic-sar.ts';
import { roc } from '../../src/registry/indicators/roc.ts';
import { rollingQuantile } from '../../src/registry/indicators/rolling-quantile.ts';
import { rollingStd } from '../../src/registry/indicators/rolling-std.ts';
import { rsi } from '../../src/registry/indicators/rsi.ts';
import { sma } from '../../src/registry/indicators/sma.ts';
import { stochastic } from '../../src/registry/indicators/stochastic.ts';
import { williamsR } from '../../src/registry/indicators/williams-r.ts';
import { zscore } from '../../src/registry/indicators/zscore.ts';
import { loadSpx } from '../fixtures/spx.ts';

const bars = loadSpx();
const n = bars.length;
const close = Array.from(bars.close);
const high = Array.from(bars.high);
const low = Array.from(bars.low);
const tulip = new IndicatorsSync();

/** The library's array placed so that it ends at the last bar (missing entries NaN). */
function alignEnd(values: readonly (number | undefined)[]): Float64Array {
  const out = new Float64Array(n).fill(NaN);
  const off = n - values.length;
  values.forEach((v, i) => {
    if (v !== undefined && v !== null) out[off + i] = v;
  });
  return out;
}

function firstFinite(a: Float64Array): number {
  return a.findIndex((v) => Number.isFinite(v));
}

/**
 * Same warm-up (first value at the same bar) and every value from `from` on within `rel` of the reference,
 * relative to max(|reference|, mean |reference|) so oscillators crossing zero are judged on their scale.
 */
function expectMatches(ours: Float64Array, theirs: Float64Array, rel = 1e-9, from = -1): void {
  if (from < 0) expect(firstFinite(ours)).toBe(firstFinite(theirs));
  const start = from < 0 ? firstFinite(theirs) : from;
  let scale = 0;
  let count = 0;
  for (let t = start; t < n; t++) {
    scale += Math.abs(theirs[t]!);
    count++;
  }
  scale /= count;
  let worst = 0;
  let missing = 0;
  for (let t = start; t < n; t++) {
    if (!Number.isFinite(ours[t])) missing++;
    const err = Math.abs(ours[t]! - theirs[t]!) / Math.max(Math.abs(theirs[t]!), scale);
    if (err > worst) worst = err;
  }
  expect(missing).toBe(0);
  expect(worst).toBeLessThan(rel);
}

const tail = n - 3000;

describe('indicators agree with technicalindicators and @ixjb94/indicators on SPX', () => {
  it('SMA(20) and SMA(200)', () => {
    for (const p of [20, 200]) {
      const ours = sma(bars.close, p);
      expect(firstFinite(ours)).toBe(p - 1);
      expectMatches(ours, alignEnd(ti.SMA.calculate({ period: p, values: close })));
      expectMatches(ours, alignEnd(tulip.sma(close, p)));
    }
  });

  it('EMA(20), SMA-seeded at bar 19', () => {
    const ours = ema(bars.close, 20);
    expect(firstFinite(ours)).toBe(19);
    expectMatches(ours, alignEnd(ti.EMA.calculate({ period: 20, values: close })));
    expectMatches(ours, alignEnd(tulip.ema(close, 20)), 1e-9, tail);
  });

  it("Wilder RSI(14): exact against Tulip's, to its 2-decimal rounding against technicalindicators", () => {
    const ours = rsi(bars.close, 14);
    expect(firstFinite(ours)).toBe(14);
    expectMatches(ours, alignEnd(tulip.rsi(close, 14)));
    expectMatches(ours, alignEnd(ti.RSI.calculate({ period: 14, values: close })), 0.0051 / 50);
  });

  it('MACD(12, 26, 9): line from bar 25, signal from bar 33', () => {
    const ours = macd(bars.close, 12, 26, 9);
    const theirs = ti.MACD.calculate({
      values: close,
      fastPeriod: 12,
      slowPeriod: 26,
      signalPeriod: 9,
      SimpleMAOscillator: false,
      SimpleMASignal: false,
    });
    expect(firstFinite(ours.line)).toBe(25);
    expect(firstFinite(ours.signal)).toBe(33);
    expectMatches(ours.line, alignEnd(theirs.map((r) => r.MACD)));
    expectMatches(ours.signal, alignEnd(theirs.map((r) => r.signal)));
    expectMatches(ours.histogram, alignEnd(theirs.map((r) => r.histogram)));
    const [line, signal, hist] = tulip.macd(close, 12, 26, 9) as [number[], number[], number[]];
    expectMatches(ours.line, alignEnd(line), 1e-9, tail);
    expectMatches(ours.signal, alignEnd(signal), 1e-9, tail);
    expectMatches(ours.histogram, alignEnd(hist), 1e-9, tail);
  });

  it('Bollinger(20, 2) with the population standard deviation', () => {
    const ours = bollinger(bars.close, 20, 2);
    const theirs = ti.BollingerBands.calculate({ period: 20, stdDev: 2, values: close });
    expectMatches(ours.middle, alignEnd(theirs.map((b) => b.middle)));
    expectMatches(ours.upper, alignEnd(theirs.map((b) => b.upper)));
    expectMatches(ours.lower, alignEnd(theirs.map((b) => b.lower)));
    const [lower, middle, upper] = tulip.bbands(close, 20, 2) as [number[], number[], number[]];
    expectMatches(ours.lower, alignEnd(lower));
    expectMatches(ours.middle, alignEnd(middle));
    expectMatches(ours.upper, alignEnd(upper));
    // the band half-width is 2 population stds: check one window by hand
    const w = bars.close.subarray(n - 20);
    const m = w.reduce((a, b) => a + b, 0) / 20;
    const sd = Math.sqrt(w.reduce((a, b) => a + (b - m) ** 2, 0) / 20);
    expect(ours.upper[n - 1]).toBeCloseTo(m + 2 * sd, 8);
  });

  it('rolling std (population) and z-score match technicalindicators SD', () => {
    const theirs = alignEnd(ti.SD.calculate({ period: 20, values: close }));
    expectMatches(rollingStd(bars.close, 20, 0), theirs);
    const z = zscore(bars.close, 20);
    const mean = sma(bars.close, 20);
    const expected = new Float64Array(n).fill(NaN);
    for (let t = 19; t < n; t++) expected[t] = (bars.close[t]! - mean[t]!) / theirs[t]!;
    expectMatches(z, expected);
  });

  it('ATR(14), Wilder, first value at bar 14', () => {
    const ours = atr(bars.high, bars.low, bars.close, 14);
    expect(firstFinite(ours)).toBe(14);
    expectMatches(ours, alignEnd(ti.ATR.calculate({ period: 14, high, low, close })));
    expectMatches(ours, alignEnd(tulip.atr(high, low, close, 14)), 1e-9, tail);
  });

  it('ADX(14) and the directional indicators: DI from bar 14, ADX from bar 27', () => {
    const ours = adx(bars.high, bars.low, bars.close, 14);
    const theirs = ti.ADX.calculate({ period: 14, high, low, close });
    expect(firstFinite(ours.plusDI)).toBe(14);
    expect(firstFinite(ours.adx)).toBe(27);
    // technicalindicators reports DI only once ADX exists (bar 27)
    expectMatches(ours.plusDI, alignEnd(theirs.map((r) => r.pdi)), 1e-9, 27);
    expectMatches(ours.minusDI, alignEnd(theirs.map((r) => r.mdi)), 1e-9, 27);
    expectMatches(ours.adx, alignEnd(theirs.map((r) => r.adx)));
    expectMatches(ours.adx, alignEnd(tulip.adx(high, low, 14)), 1e-9, tail);
    const [plus, minus] = tulip.di(high, low, close, 14) as [number[], number[]];
    expectMatches(ours.plusDI, alignEnd(plus), 1e-9, tail);
    expectMatches(ours.minusDI, alignEnd(minus), 1e-9, tail);
  });

  it('Stochastic(14, 3): %K from bar 13, %D from bar 15', () => {
    const ours = stochastic(bars.high, bars.low, bars.close, 14, 3);
    const theirs = ti.Stochastic.calculate({ period: 14, signalPeriod: 3, high, low, close });
    expectMatches(ours.k, alignEnd(theirs.map((s) => s.k)));
    expectMatches(ours.d, alignEnd(theirs.map((s) => s.d)));
    expect(firstFinite(ours.d)).toBe(15);
  });

  it('Williams %R(14)', () => {
    const ours = williamsR(bars.high, bars.low, bars.close, 14);
    expectMatches(ours, alignEnd(ti.WilliamsR.calculate({ period: 14, high, low, close })));
    expectMatches(ours, alignEnd(tulip.willr(high, low, close, 14)), 1e-9, 100);
  });

  it('CCI(20)', () => {
    const ours = cci(bars.high, bars.low, bars.close, 20);
    expectMatches(ours, alignEnd(ti.CCI.calculate({ period: 20, high, low, close })));
    // Tulip starts CCI at bar 2n-2 though it is defined from n-1; compare where it exists
    expectMatches(ours, alignEnd(tulip.cci(high, low, close, 20)), 1e-9, 38);
  });

  it('Parabolic SAR(0.02, 0.2): exact against Tulip, and against technicalindicators once both trends agree', () => {
    const ours = parabolicSar(bars.high, bars.low, 0.02, 0.2);
    expectMatches(ours.sar, alignEnd(tulip.psar(high, low, 0.02, 0.2)));
    // technicalindicators always starts long on bar 0; after the first common reversal the recursions coincide
    expectMatches(ours.sar, alignEnd(ti.PSAR.calculate({ high, low, step: 0.02, max: 0.2 })), 1e-9, 100);
  });

  it('Keltner channel (EMA 20, ATR 10, x2) and rate of change', () => {
    const ours = keltner(bars.high, bars.low, bars.close, 20, 2, 10);
    const theirs = ti.KeltnerChannels.calculate({ maPeriod: 20, atrPeriod: 10, useSMA: false, multiplier: 2, high, low, close });
    expectMatches(ours.middle, alignEnd(theirs.map((k) => k.middle)));
    expectMatches(ours.upper, alignEnd(theirs.map((k) => k.upper)));
    expectMatches(ours.lower, alignEnd(theirs.map((k) => k.lower)));
    expectMatches(roc(bars.close, 12), alignEnd(ti.ROC.calculate({ period: 12, values: close })));
    expectMatches(roc(bars.close, 12), alignEnd(tulip.roc(close, 12).map((v) => v * 100)));
  });

  it('Donchian channel (rolling extremes), log returns and the rolling median by brute force', () => {
    const d = { upper: rollingMax(bars.high, 55), lower: rollingMin(bars.low, 55) };
    const r = logReturns(bars.close);
    const med = rollingQuantile(bars.close, 21, 0.5);
    for (const t of [54, 1000, 2500, n - 1]) {
      expect(d.upper[t]).toBe(Math.max(...bars.high.subarray(t - 54, t + 1)));
      expect(d.lower[t]).toBe(Math.min(...bars.low.subarray(t - 54, t + 1)));
      expect(r[t]).toBe(Math.log(bars.close[t]! / bars.close[t - 1]!));
      const sorted = Array.from(bars.close.subarray(t - 20, t + 1)).sort((a, b) => a - b);
      expect(med[t]).toBe(sorted[10]);
    }
    expect(Number.isNaN(d.upper[53])).toBe(true);
  });
});

describe('indicators on missing data', () => {
  it('a NaN close empties the windows and the warm-up restarts after it', () => {
    const c = Float64Array.from(bars.close.subarray(0, 300));
    c[100] = NaN;
    const s = sma(c, 20);
    expect(Number.isNaN(s[100])).toBe(true);
    expect(Number.isNaN(s[119])).toBe(true);
    expect(s[120]).toBeCloseTo(c.subarray(101, 121).reduce((a, b) => a + b, 0) / 20, 9);
    const e = ema(c, 20);
    expect(Number.isNaN(e[119])).toBe(true);
    expect(e[120]).toBeCloseTo(s[120]!, 9);
    const r = rsi(c, 14);
    expect(Number.isNaN(r[114])).toBe(true);
    expect(Number.isFinite(r[115])).toBe(true);
    expect(Number.isFinite(rollingStd(c, 20)[120])).toBe(true);
  });
});
