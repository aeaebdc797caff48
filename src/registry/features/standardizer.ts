// Column scaling fitted on a fit's training rows only, so scaled inputs never carry information from later bars.
import type { FeatureMatrix } from './feature-matrix.ts';

export interface Standardizer {
  readonly mean: Float64Array;
  /** Population standard deviation, 1 for a constant column so it scales to 0 rather than NaN. */
  readonly std: Float64Array;
}

export function fitStandardizer(m: FeatureMatrix, rows: Int32Array): Standardizer {
  const mean = new Float64Array(m.cols);
  const std = new Float64Array(m.cols);
  const count = rows.length;
  for (let r = 0; r < count; r++) {
    const base = rows[r]! * m.cols;
    for (let j = 0; j < m.cols; j++) mean[j]! += m.data[base + j]!;
  }
  for (let j = 0; j < m.cols; j++) mean[j] = count > 0 ? mean[j]! / count : 0;
  for (let r = 0; r < count; r++) {
    const base = rows[r]! * m.cols;
    for (let j = 0; j < m.cols; j++) {
      const d = m.data[base + j]! - mean[j]!;
      std[j]! += d * d;
    }
  }
  for (let j = 0; j < m.cols; j++) {
    const s = count > 0 ? Math.sqrt(std[j]! / count) : 0;
    std[j] = s > 1e-12 ? s : 1;
  }
  return { mean, std };
}

/** Row t scaled to zero mean and unit variance (as the training rows were). */
export function standardizedRow(m: FeatureMatrix, t: number, s: Standardizer): number[] {
  const out = new Array<number>(m.cols);
  const base = t * m.cols;
  for (let j = 0; j < m.cols; j++) out[j] = (m.data[base + j]! - s.mean[j]!) / s.std[j]!;
  return out;
}
