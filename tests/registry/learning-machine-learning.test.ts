// Machine-learning models (random forest, CART, kNN, Gaussian naive Bayes, logistic regression) on engineered features.
import { describe, expect, it } from 'vitest';
import { GaussianNB } from 'ml-naivebayes';
import { gaussianNbClass } from '../../src/registry/families/machine-learning/naive-bayes.ts';
import { expandFamilies } from '../../src/registry/family.ts';
import { machineLearningFamilies } from '../../src/registry/learning-models.ts';
import type { Model } from '../../src/registry/model.ts';
import { loadSpx, sliceBars } from '../fixtures/spx.ts';
import { ar1Returns, barsFromReturns, firstDifference } from './learning-synthetic.ts';

const models = expandFamilies(...machineLearningFamilies);
const byId = (id: string): Model => {
  const m = models.find((x) => x.id === id);
  if (!m) throw new Error(`no model ${id}`);
  return m;
};
const spx = loadSpx();
const bars = sliceBars(spx, 2500, 3700);

describe('machine-learning family', () => {
  it('has 19 models: classifiers trade long/flat, regressors forecast', () => {
    expect(models).toHaveLength(19);
    for (const m of models) {
      expect(m.category).toBe('machine-learning');
      expect(m.output).toBe(m.id.includes('-reg-') ? 'forecast' : 'position');
    }
  });

  it('on 1200 SPX bars: flat (or NaN) before the first fit, then 0/1 positions and plausible forecasts', () => {
    for (const m of models) {
      const out = m.run({ bars, seed: 42 });
      expect(out.length).toBe(bars.length);
      for (let t = 0; t < m.minHistory; t++) {
        if (m.output === 'position') expect(out[t], `${m.id} at ${t}`).toBe(0);
        else expect(out[t], `${m.id} at ${t}`).toBeNaN();
      }
      let longs = 0;
      for (let t = m.minHistory; t < out.length; t++) {
        const v = out[t]!;
        if (m.output === 'position') {
          expect(v === 0 || v === 1, `${m.id} at ${t}: ${v}`).toBe(true);
          longs += v;
        } else {
          expect(Math.abs(v), `${m.id} at ${t}`).toBeLessThan(0.1);
        }
      }
      // a fitted classifier decides something: it is not flat all the time
      if (m.output === 'position') expect(longs, m.id).toBeGreaterThan(0);
    }
  });

  it('every classifier beats chance on a learnable series (next direction follows today)', () => {
    // AR(1) returns with phi = 0.7: the next return has today's sign about 75% of the time
    const r = ar1Returns(1400, 0.7, 0.01, 21);
    const synthetic = barsFromReturns(r);
    for (const m of models) {
      const out = m.run({ bars: synthetic, seed: 5 });
      let hits = 0;
      let total = 0;
      for (let t = m.minHistory; t + 1 < r.length; t++) {
        total++;
        const up = r[t + 1]! > 0;
        if (m.output === 'position' ? (out[t] === 1) === up : out[t]! > 0 === up) hits++;
      }
      expect(total, m.id).toBeGreaterThan(800);
      expect(hits / total, m.id).toBeGreaterThan(0.6);
    }
  });

  it("naive Bayes reads every feature (the library's own predict scores only the first two)", () => {
    // the class is told only by the fourth feature
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 200; i++) {
      const c = i % 2;
      x.push([Math.sin(i), Math.cos(i * 3), Math.sin(i * 7), c === 1 ? 2 + Math.sin(i * 5) * 0.5 : -2 + Math.cos(i * 5) * 0.5]);
      y.push(c);
    }
    const nb = new GaussianNB();
    nb.train(x, y);
    let ours = 0;
    let library = 0;
    const libraryClasses = nb.predict(x.slice(0, 100));
    for (let i = 0; i < 100; i++) {
      if (gaussianNbClass(nb, x[i]!) === y[i]) ours++;
      if (libraryClasses[i] === y[i]) library++;
    }
    expect(ours).toBe(100);
    expect(library).toBeLessThan(80);
  });

  it('is deterministic for a seed, bit for bit (the forest draws its bootstraps from it)', () => {
    for (const id of ['rf-clf-tech-12', 'rf-reg-tech-12', 'knn-mix-k25', 'logreg-tech']) {
      const a = byId(id).run({ bars, seed: 9 });
      const b = byId(id).run({ bars, seed: 9 });
      expect(firstDifference(a, b, bars.length - 1), id).toBe(-1);
    }
    const a = byId('rf-reg-tech-12').run({ bars, seed: 9 });
    const c = byId('rf-reg-tech-12').run({ bars, seed: 10 });
    expect(firstDifference(a, c, bars.length - 1)).not.toBe(-1);
  });

  it('does not look ahead (rf-clf-mix-12, cart-reg-tech-d4, gnb-lags10)', () => {
    for (const id of ['rf-clf-mix-12', 'cart-reg-tech-d4', 'gnb-lags10']) {
      const full = byId(id).run({ bars, seed: 4 });
      for (const t of [504, 800]) {
        const cut = byId(id).run({ bars: sliceBars(bars, 0, t + 1), seed: 4 });
        expect(firstDifference(full, cut, t), `${id} cut after ${t}`).toBe(-1);
      }
    }
  });

  it('copes with short data and missing closes', () => {
    const window = sliceBars(bars, 0, 800);
    const close = Float64Array.from(window.close);
    for (const t of [10, 300, 301, 500]) close[t] = NaN;
    const gappy = { ...window, close };
    for (const m of models) {
      expect(Array.from(m.run({ bars: sliceBars(spx, 0, 40) }))).toEqual(
        new Array(40).fill(m.output === 'position' ? 0 : NaN),
      );
      const out = m.run({ bars: gappy, seed: 1 });
      expect(out.length).toBe(window.length);
      // a gap restarts the indicators' warm-ups (SMA 200 needs 200 clean closes), so forecasts may be NaN after it
      if (m.output === 'position') for (const v of out) expect(v === 0 || v === 1).toBe(true);
      else for (const v of out) expect(Number.isNaN(v) || Math.abs(v) < 0.1, m.id).toBe(true);
    }
  });
});
