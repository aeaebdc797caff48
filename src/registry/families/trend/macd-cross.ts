// MACD signal-line cross: long while the MACD line is above its signal line, flat otherwise.
import { defineFamily, defineModel } from '../../family.ts';
import { macd } from '../../indicators/macd.ts';

export const macdCrossFamily = defineFamily({
  name: 'macd-cross',
  grid: [
    { fast: 12, slow: 26, signal: 9 },
    { fast: 8, slow: 17, signal: 9 },
    { fast: 5, slow: 35, signal: 5 },
    { fast: 19, slow: 39, signal: 9 },
  ],
  create: ({ fast, slow, signal }) =>
    defineModel(
      {
        id: `macd-${fast}-${slow}-${signal}`,
        name: `MACD ${fast}/${slow}/${signal} signal cross`,
        category: 'trend',
        description: `Long while MACD (EMA${fast} - EMA${slow} of the close) is above its ${signal}-bar EMA signal line, flat otherwise; 0 until the signal exists.`,
        params: { fast, slow, signal },
        inputs: ['close'],
        output: 'position',
        minHistory: slow + signal - 1,
      },
      ({ bars }) => {
        const m = macd(bars.close, fast, slow, signal);
        const w = new Float64Array(bars.length);
        for (let t = 0; t < w.length; t++) w[t] = m.line[t]! > m.signal[t]! ? 1 : 0;
        return w;
      },
    ),
});
