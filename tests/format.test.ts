import { describe, expect, it } from 'vitest';
import { money, num, pct, price, qty, signedPct } from '../src/format.ts';

describe('the one formatter', () => {
  it('never writes a negative zero', () => {
    expect([money(-0.001), money(-0), pct(-0.000001), signedPct(-0.000001), qty(-0), price(-0.001)]).toEqual(['0.00', '0.00', '0.00%', '0.00%', '0', '-0.001000']);
  });

  it('writes prices with two decimals, small prices with four significant digits', () => {
    expect(price(2874.560059)).toBe('2,874.56');
    expect(price(12)).toBe('12.00');
    expect(price(0.5)).toBe('0.5000');
    expect(price(0.0012345)).toBe('0.001235');
    expect(price(Number.NaN)).toBe('n/a');
  });
  it('writes quantities with at most four decimals and no trailing zeros', () => {
    expect(qty(3.696983)).toBe('3.697');
    expect(qty(10)).toBe('10');
    expect(qty(1234.5)).toBe('1,234.5');
    expect(qty(0.0000001)).toBe('1.00e-7');
  });
  it('writes money, signed money and percentages', () => {
    expect(money(100000)).toBe('100,000.00');
    expect(pct(0.1234)).toBe('12.34%');
    expect(signedPct(0.0123)).toBe('+1.23%');
    expect(signedPct(-0.5)).toBe('-50.00%');
    expect(num(2874.56, 1)).toBe('2,874.6');
  });
});
