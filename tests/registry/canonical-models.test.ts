// The contract's canonical models, reproduced on real SPX bars by plain naive loops written from the contract's text.
import { describe, expect, it } from 'vitest';
import { getModel } from '../../src/registry/catalog.ts';
import type { Model } from '../../src/registry/model.ts';
import { loadSpx } from '../fixtures/spx.ts';

const bars = loadSpx();
const close = Array.from(bars.close);
const n = close.length;

function model(id: string): Model {
  const m = getModel(id);
  if (!m) throw new Error(`missing model ${id}`);
  return m;
}

/** SMA(n)[t] = mean of close[t-n+1..t], undefined before t = n-1. */
function naiveSma(p: number): (number | undefined)[] {
  return close.map((_, t) => {
    if (t < p - 1) return undefined;
    let s = 0;
    for (let i = t - p + 1; i <= t; i++) s += close[i]!;
    return s / p;
  });
}

/** EMA(n) seeded at t = n-1 with SMA(n), then EMA[t] = a*close[t] + (1-a)*EMA[t-1], a = 2/(n+1). */
function naiveEma(p: number): (number | undefined)[] {
  const a = 2 / (p + 1);
  const out: (number | undefined)[] = [];
  for (let t = 0; t < n; t++) {
    if (t < p - 1) out.push(undefined);
    else if (t === p - 1) out.push(naiveSma(p)[t]);
    else out.push(a * close[t]! + (1 - a) * (out[t - 1] as number));
  }
  return out;
}

function cross(f: (number | undefined)[], s: (number | undefined)[]): number[] {
  return f.map((x, t) => (x !== undefined && s[t] !== undefined && x > (s[t] as number) ? 1 : 0));
}

/** Wilder RSI: simple means of the first n changes, then Wilder smoothing; 100 when the average loss is 0. */
function naiveRsi(p: number): (number | undefined)[] {
  const out: (number | undefined)[] = [undefined];
  let g = 0;
  let l = 0;
  for (let t = 1; t < n; t++) {
    const ch = close[t]! - close[t - 1]!;
    const gain = Math.max(ch, 0);
    const loss = Math.max(-ch, 0);
    if (t < p) {
      g += gain;
      l += loss;
      out.push(undefined);
      continue;
    }
    if (t === p) {
      g = (g + gain) / p;
      l = (l + loss) / p;
    } else {
      g = (g * (p - 1) + gain) / p;
      l = (l * (p - 1) + loss) / p;
    }
    out.push(l === 0 ? 100 : 100 - 100 / (1 + g / l));
  }
  return out;
}

const run = (id: string) => Array.from(model(id).run({ bars }));

describe('canonical models follow the contract exactly on SPX', () => {
  it('buy-and-hold is 1 on every bar', () => {
    expect(run('buy-and-hold')).toEqual(new Array(n).fill(1));
  });

  it('sma-cross-F-S for every pair of the grid, including sma-cross-20-50', () => {
    const pairs: [number, number][] = [];
    for (const f of [5, 10, 20, 50]) for (const s of [20, 50, 100, 200]) if (f < s) pairs.push([f, s]);
    expect(pairs).toHaveLength(13);
    for (const [f, s] of pairs) expect(run(`sma-cross-${f}-${s}`), `sma-cross-${f}-${s}`).toEqual(cross(naiveSma(f), naiveSma(s)));
    const w = run('sma-cross-20-50');
    expect(w.slice(0, 49).every((x) => x === 0)).toBe(true);
    // SPX on 2020-04-17 was still below its 50-day average after the March crash
    expect(w[n - 1]).toBe(0);
  });

  it('ema-cross-12-26 and the EMA grid', () => {
    expect(run('ema-cross-12-26')).toEqual(cross(naiveEma(12), naiveEma(26)));
    for (const [f, s] of [
      [5, 20],
      [20, 50],
      [50, 200],
    ] as const)
      expect(run(`ema-cross-${f}-${s}`)).toEqual(cross(naiveEma(f), naiveEma(s)));
  });

  it('momentum-252: 1 when close[t]/close[t-252] - 1 > 0, 0 before t = 252', () => {
    const expected = close.map((c, t) => (t >= 252 && c / close[t - 252]! - 1 > 0 ? 1 : 0));
    expect(run('momentum-252')).toEqual(expected);
  });

  it('rsi-14-30-70 and the RSI grid: enter below LO, exit above HI, otherwise keep', () => {
    for (const [p, lo, hi] of [
      [14, 30, 70],
      [2, 10, 90],
      [21, 25, 75],
    ] as const) {
      const r = naiveRsi(p);
      const expected: number[] = [];
      let w = 0;
      for (let t = 0; t < n; t++) {
        const x = r[t];
        if (x === undefined) w = 0;
        else if (x < lo) w = 1;
        else if (x > hi) w = 0;
        expected.push(w);
      }
      expect(run(`rsi-${p}-${lo}-${hi}`), `rsi-${p}-${lo}-${hi}`).toEqual(expected);
    }
    // the 14/30/70 rule was in the market for part of the history, not always or never
    const held = run('rsi-14-30-70').reduce((a, b) => a + b, 0);
    expect(held).toBeGreaterThan(100);
    expect(held).toBeLessThan(n - 100);
  });
});
