// The live-drift rule on crafted live records: a model whose live Sharpe falls outside the 99% interval around its
// walk-forward Sharpe raises one anomaly; one inside it, or with too few bars, none.
import { describe, expect, it } from 'vitest';
import { liveDrift, MIN_LIVE_BARS } from '../../../src/engine/anomaly/live-drift.ts';

/** A live record of `n` daily returns alternating mean ± sd (sample mean `mean`, sample sd close to `sd`). */
function record(n: number, mean: number, sd: number, refScore: number) {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const r = mean + (i % 2 ? sd : -sd);
    sum += r;
    sumSq += r * r;
  }
  return { n, sum, sumSq, refScore };
}

describe('live drift', () => {
  it('a year of steady losses against a walk-forward Sharpe of 1.5 raises one live-drift; 60 bars of it are within the interval', () => {
    const found = liveDrift('SPX', '2020-04-17', { 'sma-cross-20-50': record(250, -0.002, 0.01, 1.5), 'rsi-14-30-70': record(250, 0.0005, 0.01, 0.8), young: record(60, -0.002, 0.01, 1.5) });
    expect(found).toHaveLength(1);
    expect(found[0]!.rule).toBe('live-drift');
    expect(found[0]!.key).toBe('live-drift:SPX:sma-cross-20-50:2020-04');
    expect(found[0]!.text).toMatch(/^sma-cross-20-50 on SPX: live Sharpe -3\.1\d over 250 bars in charge is below the 99% interval -1\.\d\d\.\.4\.\d\d around its walk-forward Sharpe 1\.50 \(2020-04-17\)/);
  });

  it(`needs ${MIN_LIVE_BARS} bars in charge`, () => {
    expect(liveDrift('SPX', '2020-04-17', { m: record(MIN_LIVE_BARS - 1, -0.01, 0.001, 2) })).toEqual([]);
    expect(liveDrift('SPX', '2020-04-17', { m: record(MIN_LIVE_BARS, -0.01, 0.001, 2) })).toHaveLength(1);
  });
});
