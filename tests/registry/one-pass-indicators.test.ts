// The one-pass indicators give what their definitions give, bit for bit where the arithmetic is the same, on real
// bars with missing closes: MACD is the three EMAs composed, Bollinger's middle is the SMA and its bands sit at k
// population standard deviations of the window (to the last few digits), exactly on the middle for a flat window.
import { describe, expect, it } from 'vitest';
import { bollinger } from '../../src/registry/indicators/bollinger.ts';
import { compensatedSum } from '../../src/registry/indicators/compensated-sum.ts';
import { ema } from '../../src/registry/indicators/ema.ts';
import { macd } from '../../src/registry/indicators/macd.ts';
import { sma } from '../../src/registry/indicators/sma.ts';
import { mulberry32 } from '../../src/registry/seeded-random.ts';
import { loadSpx } from '../fixtures/spx.ts';

const spx = loadSpx().close;
/** SPX with a few missing closes, one of them inside MACD's and Bollinger's warm-up, two in a row. */
const gappy = Float64Array.from(spx);
for (const t of [10, 500, 501, 2000, 2030, spx.length - 3]) gappy[t] = NaN;
gappy[3000] = Infinity;

describe('MACD in one pass', () => {
  it('is EMA(fast) - EMA(slow), its EMA(signal) and their difference, exactly, through missing closes', () => {
    for (const series of [spx, gappy]) {
      for (const [fast, slow, signal] of [
        [12, 26, 9],
        [5, 35, 5],
        [26, 12, 1],
      ] as const) {
        const ours = macd(series, fast, slow, signal);
        const fastEma = ema(series, fast);
        const slowEma = ema(series, slow);
        const line = fastEma.map((f, t) => f - slowEma[t]!);
        const signalEma = ema(line, signal);
        expect(ours.line).toEqual(line);
        expect(ours.signal).toEqual(signalEma);
        expect(ours.histogram).toEqual(line.map((m, t) => m - signalEma[t]!));
      }
    }
  });
});

describe('Bollinger bands in one pass', () => {
  it('has the SMA as its middle and bands at k population standard deviations of the window', () => {
    for (const series of [spx, gappy]) {
      for (const period of [2, 20, 50]) {
        const b = bollinger(series, period, 2);
        expect(b.middle).toEqual(sma(series, period));
        for (let t = 0; t < series.length; t++) {
          if (Number.isNaN(b.middle[t])) {
            expect(b.upper[t]).toBeNaN();
            expect(b.lower[t]).toBeNaN();
            continue;
          }
          const m = compensatedSum(series, t - period + 1, t + 1) / period;
          let m2 = 0;
          for (let i = t - period + 1; i <= t; i++) m2 += (series[i]! - m) ** 2;
          const sd = Math.sqrt(m2 / period);
          // the half-width to 1e-12 of the price scale: far finer than any band rule can see
          expect(Math.abs(b.upper[t]! - b.middle[t]! - 2 * sd)).toBeLessThan(1e-12 * m);
          expect(Math.abs(b.middle[t]! - b.lower[t]! - 2 * sd)).toBeLessThan(1e-12 * m);
        }
      }
    }
  });

  it('collapses onto the middle over a flat window, right after a jump', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const rand = mulberry32(seed);
      const close = new Float64Array(400);
      let p = 100 + rand() * 5000;
      for (let t = 0; t < 300; t++) {
        p *= 1 + (rand() - 0.5) * 0.04;
        close[t] = Math.round(p * 100) / 100;
      }
      close.fill(Math.round(p * (1 + (rand() - 0.5) * 0.2) * 100) / 100, 300);
      for (const period of [5, 20, 50]) {
        const b = bollinger(close, period, 2);
        for (let t = 300 + period - 1; t < 400; t++) {
          expect(b.upper[t]).toBe(b.middle[t]);
          expect(b.lower[t]).toBe(b.middle[t]);
        }
        expect(b.upper[300 + period - 2]).toBeGreaterThan(b.middle[300 + period - 2]!);
      }
    }
  });
});
