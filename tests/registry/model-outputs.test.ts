// Output conventions for every model in the catalog: length, position range, short data and missing closes.
import { describe, expect, it } from 'vitest';
import { allModels } from '../../src/registry/catalog.ts';
import type { BarSeries } from '../../src/registry/model.ts';
import { loadSpx, sliceBars } from '../fixtures/spx.ts';

const spx = loadSpx();
const bars = sliceBars(spx, 3000, 4200);
const seed = 7;

/** A copy of the window with NaN closes at a few bars (a gap in a data feed). */
function withMissingCloses(b: BarSeries): BarSeries {
  const close = Float64Array.from(b.close);
  for (const t of [5, 300, 301, 900]) close[t] = NaN;
  return { ...b, close };
}

function checkShape(out: Float64Array, length: number, output: string): void {
  expect(out).toBeInstanceOf(Float64Array);
  expect(out.length).toBe(length);
  if (output === 'position') {
    let bad = 0;
    for (const w of out) if (!(w >= -1 && w <= 1)) bad++;
    expect(bad, 'position weights outside [-1, 1] or NaN').toBe(0);
  }
}

describe('every model keeps the output conventions', () => {
  for (const model of allModels()) {
    it(model.id, () => {
      const out = model.run({ bars, seed });
      checkShape(out, bars.length, model.output);
      // after the warm-up there is something to read at the last bar
      // Models that need economic series get none here: their neutral output is NaN (never invented).
      if (model.output !== 'position' && !model.requiresSeries) expect(Number.isFinite(out[out.length - 1])).toBe(true);
      if (model.output === 'regime') {
        const labels = model.regimeLabels ?? [];
        expect(labels.length).toBeGreaterThan(1);
        for (const s of out) if (!Number.isNaN(s)) expect(Number.isInteger(s) && s >= 0 && s < labels.length).toBe(true);
      }
      if (model.output === 'volatility' || model.output === 'risk') {
        const last = out[out.length - 1];
        // a daily move between 0.1% and 20% is what SPX volatility and VaR look like
        expect(last).toBeGreaterThan(0.001);
        expect(last).toBeLessThan(0.2);
      }

      // fewer bars than minHistory: nothing decided yet (0 for positions, NaN otherwise), and no throw
      for (const len of [0, 1, 2, Math.min(model.minHistory - 1, 700)]) {
        if (len < 0) continue;
        const short = model.run({ bars: sliceBars(spx, 3000, 3000 + len), seed });
        checkShape(short, len, model.output);
        if (len < model.minHistory) {
          for (const v of short) {
            if (model.output === 'position') expect(v).toBe(0);
            else expect(v).toBeNaN();
          }
        }
      }

      // a missing close does not throw and positions stay finite
      const gappy = model.run({ bars: withMissingCloses(bars), seed });
      checkShape(gappy, bars.length, model.output);
    });
  }
});
