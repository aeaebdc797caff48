import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { thinIndices, thinIndicesOfAll } from '../../../src/engine/charts/thin-points.ts';

describe('thinIndices', () => {
  it('keeps everything below the limit', () => {
    expect(Array.from(thinIndices([3, 1, 2], 10))).toEqual([0, 1, 2]);
  });
  it('keeps first, last, global min and max, ascending and within the limit', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 50, maxLength: 3000 }), fc.integer({ min: 10, max: 200 }), (vals, max) => {
        const idx = Array.from(thinIndices(vals, max));
        expect(idx.length).toBeLessThanOrEqual(Math.max(max, vals.length <= max ? vals.length : 0) + 2);
        expect(idx[0]).toBe(0);
        expect(idx[idx.length - 1]).toBe(vals.length - 1);
        for (let i = 1; i < idx.length; i++) expect(idx[i]!).toBeGreaterThan(idx[i - 1]!);
        const kept = idx.map((i) => vals[i]!);
        expect(Math.max(...kept)).toBe(Math.max(...vals));
        expect(Math.min(...kept)).toBe(Math.min(...vals));
      }),
    );
  });
  it('unions several series so each keeps its own extremes', () => {
    const a = Float64Array.from({ length: 5000 }, (_, i) => (i === 1234 ? 99 : 0));
    const b = Float64Array.from({ length: 5000 }, (_, i) => (i === 4321 ? -99 : 0));
    const idx = Array.from(thinIndicesOfAll([a, b], 100));
    expect(idx).toContain(1234);
    expect(idx).toContain(4321);
  });
});
