// What a traded model's stored output means as target weights: a position is its own weight, a return forecast is
// traded by its sign (long when it expects a rise, short when a fall), and no signal yet means flat.
import type { OutputKind } from '../../registry/model.ts';

export function tradedWeights(output: OutputKind, values: Float64Array): Float64Array {
  const w = new Float64Array(values.length);
  const forecast = output === 'forecast';
  for (let t = 0; t < values.length; t++) {
    const v = values[t]!;
    if (!Number.isFinite(v)) continue;
    w[t] = forecast ? Math.sign(v) : v < -1 ? -1 : v > 1 ? 1 : v;
  }
  return w;
}
