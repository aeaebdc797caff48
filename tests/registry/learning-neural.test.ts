// Neural forecasters (brain.js feed-forward, LSTM and GRU time-step nets): bounded, seeded, walk-forward training.
import { describe, expect, it } from 'vitest';
import { expandFamilies } from '../../src/registry/family.ts';
import { neuralFamilies } from '../../src/registry/learning-models.ts';
import type { Model } from '../../src/registry/model.ts';
import { loadSpx, sliceBars } from '../fixtures/spx.ts';
import { ar1Returns, barsFromReturns, firstDifference } from './learning-synthetic.ts';

const models = expandFamilies(...neuralFamilies);
const byId = (id: string): Model => {
  const m = models.find((x) => x.id === id);
  if (!m) throw new Error(`no model ${id}`);
  return m;
};
const spx = loadSpx();
// 1000 bars: fits at bars 252 and 756
const bars = sliceBars(spx, 3500, 4500);

/** Pearson correlation of two equal-length samples. */
function correlation(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('neural family', () => {
  it('has feed-forward, LSTM and GRU forecasters with descriptive ids', () => {
    expect(models.map((m) => m.id)).toEqual([
      'nn-ff-8-lags5',
      'nn-ff-8-lags10',
      'nn-ff-8-4-lags5',
      'nn-ff-8-4-lags10',
      'nn-ff-16-lags5',
      'nn-ff-16-lags10',
      'nn-lstm-4-lags5',
      'nn-lstm-4-lags10',
      'nn-gru-4-lags5',
      'nn-gru-4-lags10',
    ]);
    for (const m of models) {
      expect(m.category).toBe('neural');
      expect(m.output).toBe('forecast');
      expect(m.params.iterations).toBeLessThanOrEqual(200);
      expect(m.params.maxSamples).toBeLessThanOrEqual(500);
    }
  });

  it('forecasts plausible returns on SPX after the first fit, NaN before', () => {
    for (const m of models) {
      const out = m.run({ bars, seed: 42 });
      expect(out.length).toBe(bars.length);
      for (let t = 0; t < m.minHistory; t++) expect(out[t]).toBeNaN();
      for (let t = m.minHistory; t < out.length; t++) {
        expect(Number.isFinite(out[t]), `${m.id} at ${t}`).toBe(true);
        // outputs are bounded by the scale: at most four training standard deviations of a daily return
        expect(Math.abs(out[t]!), `${m.id} at ${t}`).toBeLessThan(0.15);
      }
    }
  });

  it('is reproducible bit for bit for a seed, and the seed matters', () => {
    for (const id of ['nn-ff-8-4-lags5', 'nn-lstm-4-lags5', 'nn-gru-4-lags5']) {
      const a = byId(id).run({ bars, seed: 42 });
      const b = byId(id).run({ bars, seed: 42 });
      const c = byId(id).run({ bars, seed: 43 });
      expect(firstDifference(a, b, bars.length - 1), id).toBe(-1);
      expect(firstDifference(a, c, bars.length - 1), id).not.toBe(-1);
    }
    // training leaves Math.random as it was
    const before = Math.random;
    byId('nn-ff-8-lags5').run({ bars: sliceBars(bars, 0, 400), seed: 1 });
    expect(Math.random).toBe(before);
  });

  it('the feed-forward net and the recurrent nets learn a synthetic AR(1)', () => {
    // next return = 0.6 x today's + noise: the best forecast is 0.6 r[t], correlation with it should be high
    const r = ar1Returns(900, 0.6, 0.01, 17);
    const synthetic = barsFromReturns(r);
    for (const id of ['nn-ff-8-lags5', 'nn-lstm-4-lags5', 'nn-gru-4-lags5']) {
      const out = byId(id).run({ bars: synthetic, seed: 42 });
      const forecasts: number[] = [];
      const ideal: number[] = [];
      for (let t = 252; t < r.length; t++) {
        forecasts.push(out[t]!);
        ideal.push(0.6 * r[t]!);
      }
      expect(correlation(forecasts, ideal), id).toBeGreaterThan(0.5);
    }
  });

  it('does not look ahead (nn-ff-8-lags5, nn-gru-4-lags5)', () => {
    for (const id of ['nn-ff-8-lags5', 'nn-gru-4-lags5']) {
      const full = byId(id).run({ bars, seed: 4 });
      for (const t of [300, 756]) {
        const cut = byId(id).run({ bars: sliceBars(bars, 0, t + 1), seed: 4 });
        expect(firstDifference(full, cut, t), `${id} cut after ${t}`).toBe(-1);
      }
    }
  });

  it('copes with short data and missing closes', () => {
    const window = sliceBars(bars, 0, 600);
    const close = Float64Array.from(window.close);
    for (const t of [10, 300, 301, 500]) close[t] = NaN;
    for (const m of models) {
      expect(Array.from(m.run({ bars: sliceBars(spx, 0, 50) }))).toEqual(new Array(50).fill(NaN));
      const out = m.run({ bars: { ...window, close }, seed: 1 });
      expect(out.length).toBe(600);
      expect(Number.isFinite(out.at(-1)), m.id).toBe(true);
    }
  });
});
