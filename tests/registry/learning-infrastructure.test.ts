// The learned models' shared machinery: seeded randomness, engineered features and the walk-forward schedule.
import { describe, expect, it } from 'vitest';
import { buildFeatures, featureWarmup } from '../../src/registry/features/feature-sets.ts';
import { rowIsFinite } from '../../src/registry/features/feature-matrix.ts';
import {
  fitIndices,
  nextBarReturns,
  runWalkForward,
  trainingRows,
  type Learner,
} from '../../src/registry/features/walk-forward.ts';
import { deriveSeed, mulberry32, withSeededRandom } from '../../src/registry/seeded-random.ts';
import { loadSpx, sliceBars } from '../fixtures/spx.ts';

const spx = sliceBars(loadSpx(), 0, 1200);

describe('seeded randomness', () => {
  it('mulberry32 repeats for a seed, differs across seeds, stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    // roughly uniform: the mean of 1000 draws within 0.05 of 1/2
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / 1000 - 0.5)).toBeLessThan(0.05);
  });

  it('withSeededRandom replaces Math.random only inside, and restores it after a throw', () => {
    const original = Math.random;
    const inside = withSeededRandom(7, () => [Math.random(), Math.random()]);
    expect(withSeededRandom(7, () => [Math.random(), Math.random()])).toEqual(inside);
    expect(Math.random).toBe(original);
    expect(() =>
      withSeededRandom(7, () => {
        throw new Error('training failed');
      }),
    ).toThrow('training failed');
    expect(Math.random).toBe(original);
  });

  it('derives distinct per-fit seeds', () => {
    const seeds = new Set([252, 504, 756, 1008].map((f) => deriveSeed(42, f)));
    expect(seeds.size).toBe(4);
    expect(deriveSeed(42, 504)).toBe(deriveSeed(42, 504));
    expect(deriveSeed(42, 504)).not.toBe(deriveSeed(43, 504));
  });
});

describe('engineered features', () => {
  const close = spx.close;

  it('lagged returns: column k at t is the return of bar t-k', () => {
    const m = buildFeatures(close, 'lags5');
    expect(m.cols).toBe(5);
    const t = 700;
    for (let k = 0; k < 5; k++) expect(m.data[t * 5 + k]).toBe(close[t - k]! / close[t - k - 1]! - 1);
    expect(rowIsFinite(m, 4)).toBe(false);
    expect(rowIsFinite(m, 5)).toBe(true);
  });

  it('technical features match direct computations and are complete from the SMA 200 on', () => {
    const m = buildFeatures(close, 'tech');
    const t = 900;
    const col = (name: string) => m.data[t * m.cols + m.names.indexOf(name)];
    const mean = (p: number) => close.subarray(t - p + 1, t + 1).reduce((s, v) => s + v, 0) / p;
    expect(col('ret5')).toBeCloseTo(close[t]! / close[t - 5]! - 1, 12);
    expect(col('ret20')).toBeCloseTo(close[t]! / close[t - 20]! - 1, 12);
    expect(col('dist-sma20')).toBeCloseTo(close[t]! / mean(20) - 1, 10);
    expect(col('dist-sma200')).toBeCloseTo(close[t]! / mean(200) - 1, 10);
    const rets = Array.from({ length: 20 }, (_, k) => close[t - k]! / close[t - k - 1]! - 1);
    const rm = rets.reduce((s, v) => s + v, 0) / 20;
    const sd = Math.sqrt(rets.reduce((s, v) => s + (v - rm) ** 2, 0) / 19);
    expect(col('vol20')).toBeCloseTo(sd, 10);
    expect(col('rsi14')).toBeGreaterThanOrEqual(-0.5);
    expect(col('rsi14')).toBeLessThanOrEqual(0.5);
    expect(featureWarmup('tech')).toBe(200);
    expect(rowIsFinite(m, 198)).toBe(false);
    expect(rowIsFinite(m, 199)).toBe(true);
    expect(buildFeatures(close, 'mix').cols).toBe(13);
  });
});

describe('walk-forward schedule', () => {
  const plan = { minTrain: 252, refitEvery: 126, maxSamples: 300, minSamples: 50 };

  it('fits at bar indices anchored at minTrain, whatever the length', () => {
    expect(fitIndices(700, plan)).toEqual([252, 378, 504, 630]);
    expect(fitIndices(252, plan)).toEqual([]);
    expect(fitIndices(253, plan)).toEqual([252]);
  });

  it('trains on pairs whose target bar is at most the fit bar, the most recent maxSamples of them', () => {
    const features = buildFeatures(spx.close, 'lags5');
    const target = nextBarReturns(spx.close);
    const rows = trainingRows(504, plan, features, target);
    expect(rows.length).toBe(300);
    expect(rows[rows.length - 1]).toBe(503); // pairs (features at 503, return of 504)
    expect(rows[0]).toBe(204);
    const early = trainingRows(40, plan, features, target);
    expect(Array.from(early)).toEqual(Array.from({ length: 35 }, (_, k) => k + 5)); // features start at bar 5
  });

  it('never shows a learner a target past the fit bar, and predicts with the latest fit', () => {
    const close = spx.close;
    const features = buildFeatures(close, 'lags1');
    const sizes: number[] = [];
    // a learner that records its sample count and predicts its training mean
    const probe: Learner<number> = {
      fit(x, y) {
        sizes.push(y.length);
        return y.reduce((s, v) => s + v, 0) / y.length;
      },
      predict(mean, x) {
        return x.map(() => mean);
      },
    };
    const out = runWalkForward(close, features, plan, probe, { seed: 1, standardize: false, fallback: NaN });
    // the first fit at 252 has the pairs of bars 1..251 (features start at bar 1), later ones the cap
    expect(sizes).toEqual(fitIndices(close.length, plan).map((f) => (f === 252 ? 251 : 300)));
    // the forecast between 504 and 629 is the mean of the returns of bars 205..504
    let sum = 0;
    for (let b = 205; b <= 504; b++) sum += close[b]! / close[b - 1]! - 1;
    expect(out[504]).toBeCloseTo(sum / 300, 15);
    expect(out[629]).toBe(out[504]);
    expect(out[630]).not.toBe(out[504]);
    expect(out[251]).toBeNaN();
    expect(out[252]).toBeTypeOf('number');
  });
});
