// No look-ahead, for every model in the catalog (rule and learned): cutting the bars after t never changes outputs up to t.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allModels } from '../../src/registry/catalog.ts';
import { loadSpx, sliceBars } from '../fixtures/spx.ts';

// 1200 bars from 2007-12 to 2012-09: a crash, a recovery and several refit anchors of the scheduled models
const windowStart = 2000;
const windowLength = 1200;
const bars = sliceBars(loadSpx(), windowStart, windowStart + windowLength);
const seed = 7;

/** Bars where a model's first output and its second scheduled fit fall, and one bar after each. */
function fitBoundaries(model: { minHistory: number; params: Record<string, unknown> }): number[] {
  const first = model.minHistory - 1;
  const out = [first, first + 1];
  const { minTrain, refitEvery } = model.params;
  if (typeof minTrain === 'number' && typeof refitEvery === 'number') out.push(minTrain + refitEvery, minTrain + refitEvery + 1);
  return [...new Set(out)];
}

/** Index of the first difference between a[0..t] and b[0..t] (NaN equals NaN), or -1. */
function firstDifference(a: Float64Array, b: Float64Array, t: number): number {
  for (let i = 0; i <= t; i++) if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return i;
  return -1;
}

describe('no model looks ahead (run(full)[0..t] equals run(bars cut after t)[0..t])', () => {
  for (const model of allModels()) {
    it(model.id, () => {
      const started = performance.now();
      const full = model.run({ bars, seed });
      // heavy (trained) models get one cut point, the rest three
      const runs = performance.now() - started > 300 ? 1 : 3;
      // cut points from just before the first meaningful output to the end, so refits and warm-ups are crossed
      const lo = Math.min(Math.max(1, model.minHistory - 2), windowLength - 2);
      const sameUpTo = (t: number) => {
        const cut = model.run({ bars: sliceBars(bars, 0, t + 1), seed });
        expect(cut.length).toBe(t + 1);
        expect(firstDifference(full, cut, t), `first differing bar when cut after ${t}`).toBe(-1);
      };
      fc.assert(fc.property(fc.integer({ min: lo, max: windowLength - 2 }), sameUpTo), { numRuns: runs, seed: 20240417 });
      // A leak at a fit shows only when the cut falls right at it (later cuts hold the leaked bar in both runs): cut
      // at the first output and, for scheduled models, at the second fit, and one bar after each.
      for (const t of fitBoundaries(model)) if (t >= 1 && t <= windowLength - 2) sameUpTo(t);
    });
  }
});
