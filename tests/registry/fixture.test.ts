import { describe, expect, it } from 'vitest';
import { loadSpx } from '../fixtures/spx.ts';

describe('SPX fixture from vega-datasets', () => {
  it('has every row of the file, last close 2874.560059', () => {
    const bars = loadSpx();
    expect(bars.length).toBe(5105);
    expect(bars.close[bars.length - 1]).toBe(2874.560059);
    expect(new Date(bars.time[0]!).toISOString().slice(0, 10)).toBe('2000-01-03');
  });
});
