// A small models module for the evaluation pool's tests (the pool imports any module exporting getModel(id)):
// a few quick models written straight from their textbook definitions, one of each output kind, and one that fails.
import type { BarSeries, Model, ModelSpec } from '../../../src/registry/model.ts';

function spec(id: string, output: Model['output'], minHistory: number, extra: Partial<ModelSpec> = {}): ModelSpec {
  return { id, name: id, category: 'benchmark', description: `test model ${id}`, params: {}, inputs: ['close'], output, minHistory, ...extra };
}

/** Sample standard deviation of the last n simple returns ending at t. */
function trailingStd(close: Float64Array, t: number, n: number): number {
  let s = 0;
  let s2 = 0;
  for (let i = t - n + 1; i <= t; i++) {
    const r = close[i]! / close[i - 1]! - 1;
    s += r;
    s2 += r * r;
  }
  const m = s / n;
  return Math.sqrt((s2 - n * m * m) / (n - 1));
}

const models: Model[] = [
  {
    ...spec('sma-cross-20-50', 'position', 50),
    run: ({ bars }) => {
      const c = bars.close;
      const w = new Float64Array(bars.length);
      for (let t = 49; t < bars.length; t++) {
        let f = 0;
        let s = 0;
        for (let i = t - 49; i <= t; i++) {
          s += c[i]!;
          if (i > t - 20) f += c[i]!;
        }
        w[t] = f / 20 > s / 50 ? 1 : 0;
      }
      return w;
    },
  },
  {
    // Tomorrow's return forecast as today's return (naive persistence).
    ...spec('persistence-forecast', 'forecast', 1),
    run: ({ bars }) => {
      const out = new Float64Array(bars.length).fill(NaN);
      for (let t = 1; t < bars.length; t++) out[t] = bars.close[t]! / bars.close[t - 1]! - 1;
      return out;
    },
  },
  {
    ...spec('rolling-vol-20', 'volatility', 21),
    run: ({ bars }) => {
      const out = new Float64Array(bars.length).fill(NaN);
      for (let t = 20; t < bars.length; t++) out[t] = trailingStd(bars.close, t, 20);
      return out;
    },
  },
  {
    // Normal VaR at 99%: z(0.99) = 2.326347874 times the trailing 20-bar standard deviation.
    ...spec('normal-var-99', 'risk', 21, { params: { level: 0.99 } }),
    run: ({ bars }) => {
      const out = new Float64Array(bars.length).fill(NaN);
      for (let t = 20; t < bars.length; t++) out[t] = 2.326347874 * trailingStd(bars.close, t, 20);
      return out;
    },
  },
  {
    // Turbulent when the trailing 20-bar volatility is above 1% a day.
    ...spec('vol-regime', 'regime', 21, { regimeLabels: ['calm', 'turbulent'] }),
    run: ({ bars }) => {
      const out = new Float64Array(bars.length).fill(NaN);
      for (let t = 20; t < bars.length; t++) out[t] = trailingStd(bars.close, t, 20) > 0.01 ? 1 : 0;
      return out;
    },
  },
  {
    ...spec('broken', 'position', 0),
    run: (ctx: { bars: BarSeries }) => {
      throw new Error(`broken model cannot read ${ctx.bars.length} bars`);
    },
  },
];

export function allModels(): Model[] {
  return models;
}

export function getModel(id: string): Model | undefined {
  return models.find((m) => m.id === id);
}
