import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { probabilityOfOverfitting } from '../../../src/engine/rank/backtest-overfitting.ts';
import { bootstrapPaths, sharpeIntervalOnPaths, type BootstrapOptions } from '../../../src/engine/rank/bootstrap-sharpe.ts';
import { deflatedSharpe, expectedMaxSharpe, probabilisticSharpe } from '../../../src/engine/rank/probabilistic-sharpe.ts';
import { rankingDeflatedSharpe } from '../../../src/engine/rank/ranking-deflated-sharpe.ts';
import { returnMoments } from '../../../src/engine/rank/return-moments.ts';
import { mulberry32 } from '../../../src/registry/seeded-random.ts';

/** Seeded Gaussian noise (Box-Muller). */
function noise(n: number, seed: number, mean = 0, sd = 0.01): Float64Array {
  const rnd = mulberry32(seed);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const u = Math.max(1e-12, rnd());
    out[k] = mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
  }
  return out;
}

describe('return moments', () => {
  it('are the sample mean and deviation, skewness and kurtosis computed by hand', () => {
    const m = returnMoments(Float64Array.from([1, 2, 3, 4, 10]));
    expect(m.mean).toBe(4);
    expect(m.std).toBeCloseTo(Math.sqrt(50 / 4), 14);
    // deviations -3 -2 -1 0 6: m2 = 50/5, m3 = (-27-8-1+216)/5 = 36, m4 = (81+16+1+1296)/5 = 278.8
    expect(m.skew).toBeCloseTo(36 / Math.pow(10, 1.5), 14);
    expect(m.kurtosis).toBeCloseTo(278.8 / 100, 14);
    expect(m.sharpe).toBeCloseTo(4 / Math.sqrt(12.5), 14);
    expect(returnMoments(new Float64Array(4).fill(0.01))).toMatchObject({ sharpe: 0, skew: 0, kurtosis: 3 });
  });
});

describe('the probabilistic and deflated Sharpe ratios', () => {
  it('PSR against a hand computation', () => {
    // sr 0.1, benchmark 0, 101 returns, normal: z = 0.1 * 10 / sqrt(1 + 2/4 * 0.01) = 1 / sqrt(1.005) = 0.997509,
    // Phi(z) = 0.840741
    expect(probabilisticSharpe(0.1, 0, 101, 0, 3)).toBeCloseTo(0.840741, 6);
    expect(probabilisticSharpe(0.05, 0.05, 500, -1, 6)).toBeCloseTo(0.5, 14);
    expect(probabilisticSharpe(0.1, 0, 1, 0, 3)).toBeNaN();
  });

  it("reproduces the DSR paper's worked example (Bailey and Lopez de Prado 2014)", () => {
    // 100 trials, annualised Sharpe variance 1/2, best annualised Sharpe 2.5 over 5 years of daily returns (250 a year),
    // skewness -3, kurtosis 10: the expected maximum is 0.1132 per day and the DSR about 0.9004.
    const expectedMax = expectedMaxSharpe(100, 0.5 / 250);
    expect(expectedMax).toBeCloseTo(0.1132, 4);
    const { dsr } = deflatedSharpe({ sharpe: 2.5 / Math.sqrt(250), n: 1250, skew: -3, kurtosis: 10, trials: 100, sharpeVariance: 0.5 / 250 });
    expect(dsr).toBeCloseTo(0.9004, 3);
    expect(expectedMaxSharpe(1, 0.5)).toBe(0);
  });
});

/** The interval on paths built for this series alone. */
function sharpeInterval(r: Float64Array, opts: BootstrapOptions & { periodsPerYear: number }): [number, number] {
  return sharpeIntervalOnPaths(r, bootstrapPaths(r.length, opts), opts);
}

describe('the bootstrap interval of the Sharpe ratio', () => {
  const r = noise(1000, 7, 0.0005, 0.01);
  it('is reproducible with the same seed and contains the point estimate', () => {
    const a = sharpeInterval(r, { periodsPerYear: 252, seed: 3, resamples: 500 });
    const b = sharpeInterval(r, { periodsPerYear: 252, seed: 3, resamples: 500 });
    expect(b).toEqual(a);
    const point = returnMoments(r).sharpe * Math.sqrt(252);
    expect(a[0]).toBeLessThan(point);
    expect(a[1]).toBeGreaterThan(point);
    // About 2 x 1.96 / sqrt(years) wide for near-normal returns: 4 years of data.
    expect(a[1] - a[0]).toBeGreaterThan(1.2);
    expect(a[1] - a[0]).toBeLessThan(2.8);
  });

  it('gives every path the full length and a flat series a zero interval', () => {
    const paths = bootstrapPaths(100, { seed: 1, resamples: 20, meanBlockLength: 5 });
    for (let b = 0; b < 20; b++) {
      let total = 0;
      for (let j = paths.offsets[b]!; j < paths.offsets[b + 1]!; j++) total += paths.lengths[j]!;
      expect(total).toBe(100);
    }
    expect(sharpeIntervalOnPaths(new Float64Array(100), paths, { periodsPerYear: 252 })).toEqual([0, 0]);
  });
});

describe('the probability of backtest overfitting (CSCV)', () => {
  it('counts the in-sample winner ranking in the worse half out of sample, by hand on 4 blocks', () => {
    // Two strategies, 4 blocks of 3 returns: A is better in blocks 0 and 1, B in blocks 2 and 3. In-sample {0,1} picks
    // A, which is the worse out of sample ({2,3}): omega 1/3; likewise {2,3} picks B.
    const up = [0.02, 0.01, 0.03];
    const down = [-0.01, 0.0, -0.02];
    const a = Float64Array.from([...up, ...up, ...down, ...down]);
    const b = Float64Array.from([...down, ...down, ...up, ...up]);
    const res = probabilityOfOverfitting([a, b], { blocks: 4 });
    expect(res.combinations).toBe(6);
    // Mixed pairs ({0,2}, {0,3}, {1,2}, {1,3}) hold one up and one down block each for both: identical in- and
    // out-of-sample Sharpe ratios, the tie goes to A in sample and A ties B out of sample (omega = 1.5/3 = 0.5, logit
    // 0: overfit by the <= 0 rule). {0,1} and {2,3} pick the strategy that is worst out of sample (omega 1/3).
    expect(res.pbo).toBe(1);
    const good = Float64Array.from([...up, ...up, ...up, ...up].map((x) => x + 0.001));
    expect(probabilityOfOverfitting([a, good], { blocks: 4 }).pbo).toBe(0);
  });

  it('is about one half for strategies that are all noise, and 0 when one dominates in every block', () => {
    const strategies = Array.from({ length: 30 }, (_, i) => noise(800, 100 + i));
    const pbo = probabilityOfOverfitting(strategies, { blocks: 16 }).pbo;
    expect(pbo).toBeGreaterThan(0.3);
    expect(pbo).toBeLessThan(0.75);
    const dominant = noise(800, 99, 0.01, 0.001);
    expect(probabilityOfOverfitting([...strategies, dominant], { blocks: 16 }).pbo).toBe(0);
  });
});

describe('the DSR of a ranking', () => {
  it('adding pure-noise strategies never raises the top row\'s DSR', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 0.004, noNaN: true }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (strategies, added, spread, seed) => {
          const T = 300;
          // A ranking whose strategies have very different drifts (a wide dispersion of Sharpe ratios), then noise.
          const ranking = Array.from({ length: strategies }, (_, i) => noise(T, seed + i, (i / strategies - 0.5) * spread, 0.01));
          const before = rankingDeflatedSharpe(ranking);
          const padded = [...ranking, ...Array.from({ length: added }, (_, j) => noise(T, seed + 10_000 + j))];
          const after = rankingDeflatedSharpe(padded, before.top);
          return after.dsr <= before.dsr + 1e-15 && after.expectedMax >= before.expectedMax;
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is at least as demanding as the textbook benchmark of the whole set', () => {
    const ranking = Array.from({ length: 50 }, (_, i) => noise(500, 500 + i, 0.0002 * (i % 5), 0.01));
    const d = rankingDeflatedSharpe(ranking);
    expect(d.expectedMax).toBeGreaterThanOrEqual(d.expectedMaxTextbook);
    expect(d.trials).toBe(50);
    expect(d.dsr >= 0 && d.dsr <= 1).toBe(true);
  });
});
