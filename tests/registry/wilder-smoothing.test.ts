// One Wilder smoothing: RSI, ATR and ADX smooth with the same kernel as the EMA (a = 1/n), so each equals, bit for
// bit, the Wilder average of its inputs computed on its own.
import { describe, expect, it } from 'vitest';
import { adx } from '../../src/registry/indicators/adx.ts';
import { atr } from '../../src/registry/indicators/atr.ts';
import { ema } from '../../src/registry/indicators/ema.ts';
import { exponentialSmoothing } from '../../src/registry/indicators/exponential-smoothing.ts';
import { rsi } from '../../src/registry/indicators/rsi.ts';
import { trueRange } from '../../src/registry/indicators/true-range.ts';
import { wilderAverage } from '../../src/registry/indicators/wilder-average.ts';
import { loadSpx } from '../fixtures/spx.ts';

const bars = loadSpx();
const n = bars.length;

describe('Wilder smoothing', () => {
  it('is the exponential smoothing with a = 1/n, and the EMA the same kernel with a = 2/(n+1)', () => {
    expect(wilderAverage(bars.close, 14)).toEqual(exponentialSmoothing(bars.close, 14, 1 / 14));
    expect(ema(bars.close, 20)).toEqual(exponentialSmoothing(bars.close, 20, 2 / 21));
  });

  it('RSI is 100 - 100/(1 + RS) of the Wilder averages of gains and losses', () => {
    const gain = new Float64Array(n).fill(NaN);
    const loss = new Float64Array(n).fill(NaN);
    for (let t = 1; t < n; t++) {
      const d = bars.close[t]! - bars.close[t - 1]!;
      gain[t] = d > 0 ? d : 0;
      loss[t] = d < 0 ? -d : 0;
    }
    const g = wilderAverage(gain, 14);
    const l = wilderAverage(loss, 14);
    const ours = rsi(bars.close, 14);
    for (let t = 0; t < n; t++) {
      const expected = Number.isNaN(l[t]) ? NaN : l[t] === 0 ? 100 : 100 - 100 / (1 + g[t]! / l[t]!);
      expect(ours[t]).toBe(expected);
    }
  });

  it('ATR is the Wilder average of the true range, and +DI/-DI the Wilder averages of +DM/-DM over it', () => {
    const tr = trueRange(bars.high, bars.low, bars.close);
    const a = wilderAverage(tr, 14);
    expect(atr(bars.high, bars.low, bars.close, 14)).toEqual(a);
    const plus = new Float64Array(n).fill(NaN);
    const minus = new Float64Array(n).fill(NaN);
    for (let t = 1; t < n; t++) {
      const up = bars.high[t]! - bars.high[t - 1]!;
      const down = bars.low[t - 1]! - bars.low[t]!;
      plus[t] = up > down && up > 0 ? up : 0;
      minus[t] = down > up && down > 0 ? down : 0;
    }
    const p = wilderAverage(plus, 14);
    const m = wilderAverage(minus, 14);
    const d = adx(bars.high, bars.low, bars.close, 14);
    for (let t = 14; t < n; t++) {
      expect(d.plusDI[t]).toBe((100 * p[t]!) / a[t]!);
      expect(d.minusDI[t]).toBe((100 * m[t]!) / a[t]!);
    }
  });
});
