// Regression forecasters: polynomial and Theil-Sen trends, autoregressions, robust polynomial AR, kernel ridge.
import { PolynomialRegression, RobustPolynomialRegression, TheilSenRegression } from 'ml-regression';
import { describe, expect, it } from 'vitest';
import { fitAutoregression } from '../../src/registry/families/regression/autoregression.ts';
import { leastMedianPolynomial, polynomialAt } from '../../src/registry/families/regression/least-median-polynomial.ts';
import { polynomialTrendForecast } from '../../src/registry/families/regression/polynomial-trend.ts';
import { expandFamilies } from '../../src/registry/family.ts';
import { regressionFamilies } from '../../src/registry/learning-models.ts';
import type { BarSeries, Model } from '../../src/registry/model.ts';
import { mulberry32, withSeededRandom } from '../../src/registry/seeded-random.ts';
import { loadSpx, sliceBars } from '../fixtures/spx.ts';
import { ar1Returns, barsFromReturns, firstDifference } from './learning-synthetic.ts';

const models = expandFamilies(...regressionFamilies);
const byId = (id: string): Model => {
  const m = models.find((x) => x.id === id);
  if (!m) throw new Error(`no model ${id}`);
  return m;
};
const spx = loadSpx();
const bars = sliceBars(spx, 1000, 2200);

describe('regression family', () => {
  it('has 35 forecasters with stable ids', () => {
    expect(models).toHaveLength(35);
    for (const id of ['linear-trend-log-50', 'quadratic-trend-log-100', 'cubic-trend-log-200', 'ar-5', 'ar-20-w504', 'theil-sen-trend-log-50', 'robust-poly-ar-deg2', 'kernel-ridge-rbf-lags10'])
      expect(byId(id).output).toBe('forecast');
    for (const m of models) expect(m.category).toBe('regression');
  });

  it('every model forecasts plausible next-bar returns on 1200 SPX bars, NaN before its history', () => {
    for (const m of models) {
      const out = m.run({ bars, seed: 42 });
      expect(out.length, m.id).toBe(bars.length);
      for (let t = 0; t < m.minHistory - 1; t++) expect(out[t], `${m.id} at ${t}`).toBeNaN();
      let finite = 0;
      for (let t = m.minHistory; t < out.length; t++) {
        if (!Number.isFinite(out[t])) continue;
        finite++;
        // daily SPX forecasts: well inside +-10%
        expect(Math.abs(out[t]!), `${m.id} at ${t}`).toBeLessThan(0.1);
      }
      expect(finite, m.id).toBe(out.length - m.minHistory);
    }
  });

  it('the polynomial trend filter equals a direct ml-regression fit of the window', () => {
    const close = bars.close;
    const t = 700;
    for (const [degree, window] of [[1, 50], [2, 100], [3, 200]] as const) {
      const out = polynomialTrendForecast(close, { degree, scale: 'log', window });
      const x = Array.from({ length: window }, (_, k) => k);
      const y = Array.from(close.subarray(t - window + 1, t + 1), Math.log);
      const fit = new PolynomialRegression(x, y, degree);
      expect(out[t]).toBeCloseTo(Math.exp(fit.predict(window) - fit.predict(window - 1)) - 1, 9);
    }
  });

  it('linear trends recover a constant growth rate exactly; Theil-Sen agrees with the library', () => {
    const growth = new Float64Array(400).fill(0.001);
    growth[0] = 0;
    const steady = barsFromReturns(growth);
    expect(byId('linear-trend-log-50').run({ bars: steady }).at(-1)).toBeCloseTo(0.001, 12);
    expect(byId('theil-sen-trend-log-20').run({ bars: steady }).at(-1)).toBeCloseTo(0.001, 12);
    // a price trend's one-bar step relative to the fitted last value
    expect(byId('linear-trend-price-20').run({ bars: steady }).at(-1)).toBeGreaterThan(0.0009);
    const close = bars.close;
    const t = 1000;
    const ts = new TheilSenRegression(
      Array.from({ length: 50 }, (_, k) => k),
      Array.from(close.subarray(t - 49, t + 1), Math.log),
    );
    expect(byId('theil-sen-trend-log-50').run({ bars }).at(t)).toBeCloseTo(Math.exp(ts.slope) - 1, 12);
  });

  it('an AR fit recovers phi of a synthetic AR(1) and the ar-1 model forecasts with it', () => {
    const phi = 0.4;
    const r = ar1Returns(1500, phi, 0.01, 11, 0.0005);
    const x: number[][] = [];
    const y: number[] = [];
    for (let t = 1; t + 1 < r.length; t++) {
      x.push([r[t]!, r[t - 1]!]);
      y.push(r[t + 1]!);
    }
    const fit = fitAutoregression(x, y);
    expect(fit.coefficients[0]).toBeGreaterThan(phi - 0.07);
    expect(fit.coefficients[0]).toBeLessThan(phi + 0.07);
    expect(Math.abs(fit.coefficients[1]!)).toBeLessThan(0.07);
    // the model's forecasts are intercept + phi_hat * r[t]: their slope on r[t] over a refit period is phi_hat
    const synthetic = barsFromReturns(r);
    const out = byId('ar-1').run({ bars: synthetic, seed: 1 });
    const a = 1200;
    const b = 1250;
    const slope = (out[b]! - out[a]!) / (r[b]! - r[a]!);
    expect(slope).toBeGreaterThan(phi - 0.07);
    expect(slope).toBeLessThan(phi + 0.07);
  });

  it('kernel ridge and robust AR learn the synthetic AR(1) direction', () => {
    const r = ar1Returns(1100, 0.6, 0.01, 5);
    const synthetic = barsFromReturns(r);
    for (const id of ['kernel-ridge-rbf-lags5', 'robust-poly-ar-deg1', 'ar-5-w504']) {
      const out = byId(id).run({ bars: synthetic, seed: 3 });
      let hits = 0;
      let total = 0;
      for (let t = 300; t + 1 < r.length; t++) {
        total++;
        if (Math.sign(out[t]!) === Math.sign(r[t + 1]!)) hits++;
      }
      // sign agreement for phi = 0.6 is about 0.70 at best; chance is 0.5
      expect(hits / total, id).toBeGreaterThan(0.62);
    }
  });

  it('is deterministic for a seed, bit for bit', () => {
    for (const id of ['robust-poly-ar-deg3', 'kernel-ridge-rbf-lags5', 'ar-10']) {
      const a = byId(id).run({ bars, seed: 9 });
      const b = byId(id).run({ bars, seed: 9 });
      expect(firstDifference(a, b, bars.length - 1), id).toBe(-1);
    }
  });

  it('does not look ahead (ar-5, robust-poly-ar-deg2, quadratic-trend-log-100)', () => {
    for (const id of ['ar-5', 'robust-poly-ar-deg2', 'quadratic-trend-log-100']) {
      const full = byId(id).run({ bars, seed: 4 });
      for (const t of [315, 504, 700]) {
        const cut = byId(id).run({ bars: sliceBars(bars, 0, t + 1), seed: 4 });
        expect(firstDifference(full, cut, t), `${id} cut after ${t}`).toBe(-1);
      }
    }
  });

  it('the least-median fit equals the library fit bit for bit when no tuple is singular', () => {
    for (const degree of [1, 2, 3]) {
      for (const seed of [3, 17, 2024]) {
        const rand = mulberry32(seed + degree);
        const x = Array.from({ length: 301 }, () => rand() * 4 - 2);
        const y = x.map((v) => 0.1 - 0.3 * v + 0.05 * v * v + (rand() - 0.5) * 0.2);
        const ours = leastMedianPolynomial(x, y, degree, mulberry32(seed))!;
        const lib = withSeededRandom(seed, () => new RobustPolynomialRegression(x, y, degree + 1));
        expect(ours.singularTuples).toBe(0);
        expect(Array.from(ours.coefficients)).toEqual(lib.coefficients);
        expect(polynomialAt(ours.coefficients, 0.7)).toBe(lib.predict(0.7));
      }
    }
  });

  it('a singular design falls back to the pseudo-inverse instead of failing', () => {
    // exact collinearity: repeated inputs make tuples singular, and the library throws
    const rand = mulberry32(5);
    const x = Array.from({ length: 200 }, () => [0, 0.5, -0.5][Math.floor(rand() * 3)]!);
    const y = x.map((v) => 0.2 * v + (rand() - 0.5) * 0.01);
    expect(() => withSeededRandom(1, () => new RobustPolynomialRegression(x, y, 3))).toThrow(/singular/);
    const fit = leastMedianPolynomial(x, y, 2, mulberry32(1))!;
    expect(fit.singularTuples).toBeGreaterThan(0);
    expect(Array.from(fit.coefficients).every(Number.isFinite)).toBe(true);
    // it still describes the data: the line through the three clusters
    expect(polynomialAt(fit.coefficients, 0.5)).toBeCloseTo(0.1, 2);
    expect(polynomialAt(fit.coefficients, -0.5)).toBeCloseTo(-0.1, 2);
    // one input only: every tuple singular, the minimum-norm fit predicts the median-best level there
    const flat = leastMedianPolynomial(new Array(50).fill(0.3), y.slice(0, 50), 3, mulberry32(2))!;
    expect(flat.coefficients.length).toBe(4);
    expect(flat.singularTuples).toBe(12);
    expect(Number.isFinite(polynomialAt(flat.coefficients, 0.3))).toBe(true);
  });

  it('robust-poly-ar runs on a thinly traded stock (most days unchanged) and forecasts finite returns', () => {
    const n = 800;
    const rand = mulberry32(3);
    const close = new Float64Array(n);
    close[0] = 20;
    for (let t = 1; t < n; t++) close[t] = rand() < 0.6 ? close[t - 1]! : Math.round((close[t - 1]! + (rand() < 0.5 ? 0.01 : -0.01)) * 100) / 100;
    const time = Float64Array.from({ length: n }, (_, t) => Date.UTC(2001, 0, 1) + t * 86_400_000);
    const bars: BarSeries = { length: n, time, open: close, high: close, low: close, close, volume: new Float64Array(n) };
    for (const degree of [1, 2, 3]) {
      const out = byId(`robust-poly-ar-deg${degree}`).run({ bars, seed: 1 });
      expect(out.subarray(0, 252).every((v) => Number.isNaN(v))).toBe(true);
      const after = Array.from(out.subarray(253));
      expect(after.every(Number.isFinite)).toBe(true);
      // forecasts stay within the returns the stock makes (a cent on 20 dollars)
      expect(Math.max(...after.map(Math.abs))).toBeLessThan(0.01);
    }
  });

  it('copes with short data and missing closes', () => {
    const close = Float64Array.from(bars.close);
    for (const t of [10, 400, 401, 800]) close[t] = NaN;
    const gappy = { ...bars, close };
    for (const m of models) {
      expect(m.run({ bars: sliceBars(spx, 0, 30) }).length).toBe(30);
      expect(m.run({ bars: sliceBars(spx, 0, 0) }).length).toBe(0);
      const out = m.run({ bars: gappy, seed: 1 });
      expect(out.length).toBe(bars.length);
      expect(Number.isFinite(out.at(-1)), m.id).toBe(true);
    }
  });
});
