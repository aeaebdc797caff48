// A model's caveats about the value an answer shows (a GARCH fit that did not converge) reach the answer's line.
import { describe as suite, expect, it } from 'vitest';
import { describe, latestValue } from '../../src/agent/intents/forecasts.ts';
import type { SymbolBars } from '../../src/engine/use-cases/symbol-bars.ts';
import { defineModelWithNotes } from '../../src/registry/family.ts';
import type { BarSeries } from '../../src/registry/model.ts';

const n = 5;
const time = Float64Array.from({ length: n }, (_, t) => Date.UTC(2020, 0, 1 + t));
const close = Float64Array.from([10, 11, 12, 11, 10]);
const bars: BarSeries = { length: n, time, open: close, high: close, low: close, close, volume: new Float64Array(n) };

const model = defineModelWithNotes(
  { id: 'test-vol', name: 'test', category: 'volatility', description: '', params: {}, inputs: ['close'], output: 'volatility', minHistory: 1 },
  () => ({
    values: Float64Array.from([NaN, 0.01, 0.01, 0.02, 0.02]),
    notes: [
      { from: time[1]!, to: time[2]!, text: 'The early fit stopped short.' },
      { from: time[3]!, to: time[4]!, text: 'The fit of 2020-01-04 stopped short.' },
    ],
  }),
);

suite('forecast answers with model notes', () => {
  it('keeps the notes whose bars contain the value shown, and the line says them', () => {
    const v = latestValue(model, { bars })!;
    expect(v.date).toBe('2020-01-05');
    expect(v.notes).toEqual(['The fit of 2020-01-04 stopped short.']);
    const line = describe(v, { timeframe: '1d' } as SymbolBars);
    expect(line).toMatch(/^test-vol: next-bar volatility 2\.000% .*from 2020-01-05\. The fit of 2020-01-04 stopped short\.$/);
  });

  it('a model without notes gives a plain line', () => {
    const plain = { ...model, runWithNotes: undefined };
    const v = latestValue(plain, { bars })!;
    expect(v.notes).toBeUndefined();
    expect(describe(v, { timeframe: '1d' } as SymbolBars)).not.toContain('stopped');
  });

  it('annualises a volatility by its timeframe from the one periods-per-year table, hourly bars included', () => {
    const v = latestValue(model, { bars })!;
    // 2% a bar: x sqrt(252) daily, x sqrt(52) weekly, x sqrt(252 * 7) hourly.
    expect(describe(v, { timeframe: '1d' } as SymbolBars)).toContain('(31.75% annualised)');
    expect(describe(v, { timeframe: '1wk' } as SymbolBars)).toContain('(14.42% annualised)');
    expect(describe(v, { timeframe: '1h' } as SymbolBars)).toContain('(84.00% annualised)');
  });
});
