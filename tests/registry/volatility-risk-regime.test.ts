// Volatility, risk and regime models on real SPX: naive re-computations of their definitions, and what they say on known dates.
import { describe, expect, it } from 'vitest';
import { getModel } from '../../src/registry/catalog.ts';
import { fitGarch } from '../../src/registry/families/volatility/garch-fit.ts';
import { logReturns } from '../../src/registry/indicators/log-returns.ts';
import type { Model } from '../../src/registry/model.ts';
import { loadSpx } from '../fixtures/spx.ts';

const bars = loadSpx();
const n = bars.length;
const close = Array.from(bars.close);
const returns = close.map((c, t) => (t === 0 ? NaN : c / close[t - 1]! - 1));
const at = (date: string) => bars.time.indexOf(Date.parse(`${date}T00:00:00Z`));
const cache = new Map<string, Float64Array>();
function run(id: string): Float64Array {
  let out = cache.get(id);
  if (!out) {
    const m: Model | undefined = getModel(id);
    if (!m) throw new Error(`missing ${id}`);
    out = m.run({ bars });
    cache.set(id, out);
  }
  return out;
}
const lastReturns = (t: number, w: number) => returns.slice(t - w + 1, t + 1);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sampleStd = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};
const probes = [600, 2200, 3500, n - 1];

describe('volatility models', () => {
  it('close-to-close and EWMA follow their definitions', () => {
    for (const t of probes) expect(run('vol-close-21')[t]).toBeCloseTo(sampleStd(lastReturns(t, 21)), 12);
    let v = mean(returns.slice(1, 21).map((r) => r * r));
    for (let t = 21; t < n; t++) v = 0.94 * v + 0.06 * returns[t]! ** 2;
    expect(run('ewma-vol-94')[n - 1]).toBeCloseTo(Math.sqrt(v), 12);
  });

  it('Parkinson and Yang-Zhang follow their formulas', () => {
    const t = n - 1;
    let park = 0;
    for (let i = t - 20; i <= t; i++) park += Math.log(bars.high[i]! / bars.low[i]!) ** 2;
    expect(run('vol-parkinson-21')[t]).toBeCloseTo(Math.sqrt(park / 21 / (4 * Math.LN2)), 12);
    const o: number[] = [];
    const c: number[] = [];
    let rs = 0;
    for (let i = t - 20; i <= t; i++) {
      const [op, hi, lo, cl] = [bars.open[i]!, bars.high[i]!, bars.low[i]!, bars.close[i]!];
      o.push(Math.log(op / bars.close[i - 1]!));
      c.push(Math.log(cl / op));
      rs += Math.log(hi / cl) * Math.log(hi / op) + Math.log(lo / cl) * Math.log(lo / op);
    }
    const k = 0.34 / (1.34 + 22 / 20);
    const yz = sampleStd(o) ** 2 + k * sampleStd(c) ** 2 + ((1 - k) * rs) / 21;
    expect(run('vol-yang-zhang-21')[t]).toBeCloseTo(Math.sqrt(yz), 12);
  });

  it('GARCH(1,1) fitted by maximum likelihood on SPX 2000-2020 has the textbook shape', () => {
    const r = logReturns(bars.close);
    const g = fitGarch(r, 1, n - 1, false)!;
    expect(g.alpha).toBeGreaterThan(0.08);
    expect(g.alpha).toBeLessThan(0.16);
    expect(g.beta).toBeGreaterThan(0.82);
    expect(g.alpha + g.beta).toBeLessThan(1);
    expect(g.alpha + g.beta).toBeGreaterThan(0.97);
    // GJR: the leverage term carries the reaction to shocks on the S&P 500
    const gjr = fitGarch(r, 1, n - 1, true)!;
    expect(gjr.gamma).toBeGreaterThan(0.1);
    expect(gjr.gamma).toBeGreaterThan(gjr.alpha);
    // a maximum: nudging any parameter does not raise the Gaussian log-likelihood
    const logLik = (p: typeof g) => {
      let v = 0;
      for (let t = 1; t < n; t++) v += (r[t]! - p.mean) ** 2;
      v /= n - 1;
      let ll = 0;
      for (let t = 1; t < n; t++) {
        const e = r[t]! - p.mean;
        ll -= 0.5 * (Math.log(v) + (e * e) / v);
        v = p.omega + (p.alpha + (e < 0 ? p.gamma : 0)) * e * e + p.beta * v;
      }
      return ll;
    };
    const best = logLik(g);
    for (const nudge of [{ alpha: g.alpha * 1.05 }, { alpha: g.alpha * 0.95 }, { beta: g.beta - 0.005 }, { omega: g.omega * 1.1 }])
      expect(logLik({ ...g, ...nudge })).toBeLessThanOrEqual(best + 1e-6);
  });

  it('GARCH forecasts spike in the 2008 and 2020 crashes and are calm in 2017', () => {
    for (const id of ['garch-1-1', 'gjr-garch-1-1']) {
      expect(run(id)[at('2008-10-15')]).toBeGreaterThan(0.04);
      expect(run(id)[at('2020-03-16')]).toBeGreaterThan(0.06);
      expect(run(id)[at('2017-06-01')]).toBeLessThan(0.008);
      expect(Number.isNaN(run(id)[251])).toBe(true);
    }
  });

  it('vol targeting holds min(1, 10% / annualised EWMA volatility)', () => {
    const w = run('vol-target-ewma-94-10');
    const sigma = run('ewma-vol-94');
    for (const t of probes) expect(w[t]).toBeCloseTo(Math.min(1, 0.1 / (sigma[t]! * Math.sqrt(252))), 12);
    expect(w[at('2017-06-01')]).toBe(1);
    expect(w[at('2020-03-16')]).toBeLessThan(0.15);
  });
});

describe('risk models', () => {
  it('historical VaR and ES are the empirical quantile and tail mean of the last 250 returns', () => {
    for (const t of probes) {
      const sorted = lastReturns(t, 250).sort((a, b) => a - b);
      const h = 249 * 0.01;
      const q = sorted[Math.floor(h)]! + (h - Math.floor(h)) * (sorted[Math.floor(h) + 1]! - sorted[Math.floor(h)]!);
      expect(run('var-hist-99-250')[t]).toBeCloseTo(-q, 14);
      expect(run('es-hist-97.5-250')[t]).toBeCloseTo(-mean(sorted.slice(0, 7)), 14);
    }
    // after the October 2008 crash the 99% one-day loss estimate was near 7%
    expect(run('var-hist-99-250')[at('2008-11-20')]).toBeGreaterThan(0.06);
  });

  it('Gaussian and Cornish-Fisher VaR follow their formulas', () => {
    const z99 = -2.3263478740408408;
    for (const t of probes) {
      const xs = lastReturns(t, 250);
      const m = mean(xs);
      const s = sampleStd(xs);
      expect(run('var-gauss-99-250')[t]).toBeCloseTo(-(m + s * z99), 12);
      const c2 = xs.reduce((a, x) => a + (x - m) ** 2, 0) / 250;
      const skew = xs.reduce((a, x) => a + (x - m) ** 3, 0) / 250 / c2 ** 1.5;
      const kurt = xs.reduce((a, x) => a + (x - m) ** 4, 0) / 250 / c2 ** 2 - 3;
      const z = z99;
      const zcf = z + ((z * z - 1) * skew) / 6 + ((z ** 3 - 3 * z) * kurt) / 24 - ((2 * z ** 3 - 5 * z) * skew * skew) / 36;
      expect(run('var-cf-99-250')[t]).toBeCloseTo(-(m + s * zcf), 10);
      const phi = Math.exp(-0.5 * 1.959963984540054 ** 2) / Math.sqrt(2 * Math.PI);
      expect(run('es-gauss-97.5-250')[t]).toBeCloseTo(-m + (s * phi) / 0.025, 12);
    }
    // fat tails: on SPX after 2008 the Cornish-Fisher 99% VaR exceeds the Gaussian one
    expect(run('var-cf-99-250')[at('2008-11-20')]).toBeGreaterThan(run('var-gauss-99-250')[at('2008-11-20')]!);
  });
});

describe('regime models', () => {
  it('the HMM, BOCPD and volatility regimes call October 2008 and March 2020 turbulent, mid-2017 calm', () => {
    for (const id of ['hmm-2-state', 'bocpd-250']) {
      expect(run(id)[at('2008-10-15')], id).toBe(1);
      expect(run(id)[at('2020-03-16')], id).toBe(1);
      expect(run(id)[at('2017-06-01')], id).toBe(0);
    }
    expect(run('hmm-3-state')[at('2008-10-15')]).toBe(2);
    expect(run('vol-regime-21-252')[at('2008-10-15')]).toBe(1);
  });

  it('the trend regime is bear below the 200-day average', () => {
    const t = n - 1;
    const sma200 = mean(close.slice(t - 199, t + 1));
    expect(close[t]).toBeLessThan(sma200);
    expect(run('trend-regime-200')[t]).toBe(0);
    expect(run('trend-regime-200')[at('2017-06-01')]).toBe(1);
  });

  it('the CUSUM segment after the 2008 crash was falling', () => {
    expect(run('cusum-0.5-5')[at('2008-10-15')]).toBe(0);
    expect(run('cusum-0.5-5')[at('2017-06-01')]).toBe(1);
  });
});
