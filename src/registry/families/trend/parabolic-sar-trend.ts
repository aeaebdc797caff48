// Parabolic SAR trend follower: long while the stop sits below price (an uptrend), flat after it flips above.
import { defineFamily, defineModel } from '../../family.ts';
import { parabolicSar } from '../../indicators/parabolic-sar.ts';

export const parabolicSarFamily = defineFamily({
  name: 'parabolic-sar',
  // step and maximum acceleration in hundredths, as in the ids
  grid: [
    { step: 1, max: 20 },
    { step: 2, max: 20 },
    { step: 3, max: 30 },
  ],
  create: ({ step, max }) =>
    defineModel(
      {
        id: `parabolic-sar-${step}-${max}`,
        name: `Parabolic SAR ${step / 100}/${max / 100}`,
        category: 'trend',
        description: `Long while Wilder's parabolic SAR (acceleration step ${step / 100}, maximum ${max / 100}) is in an uptrend (stop below price), flat in a downtrend.`,
        params: { step: step / 100, max: max / 100 },
        inputs: ['high', 'low'],
        output: 'position',
        minHistory: 2,
      },
      ({ bars }) => parabolicSar(bars.high, bars.low, step / 100, max / 100).long,
    ),
});
