// A dense row-major matrix of engineered features, one row per bar, with helpers to read rows without allocating.

export interface FeatureMatrix {
  /** One row per bar. */
  readonly rows: number;
  readonly cols: number;
  readonly names: readonly string[];
  /** Row-major: feature j of bar t at `data[t * cols + j]`; NaN where a feature is not yet defined. */
  readonly data: Float64Array;
}

/** Builds a matrix from equal-length columns (each computed from bars up to its own index only). */
export function fromColumns(names: readonly string[], columns: readonly Float64Array[]): FeatureMatrix {
  const cols = columns.length;
  const rows = cols > 0 ? columns[0]!.length : 0;
  const data = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const c = columns[j]!;
    for (let t = 0; t < rows; t++) data[t * cols + j] = c[t]!;
  }
  return { rows, cols, names, data };
}

/** True when every feature of bar t is a finite number. */
export function rowIsFinite(m: FeatureMatrix, t: number): boolean {
  const base = t * m.cols;
  for (let j = 0; j < m.cols; j++) if (!Number.isFinite(m.data[base + j])) return false;
  return true;
}

/** Copies row t into a plain array (what the mljs and brain.js APIs take). */
export function rowToArray(m: FeatureMatrix, t: number): number[] {
  const out = new Array<number>(m.cols);
  const base = t * m.cols;
  for (let j = 0; j < m.cols; j++) out[j] = m.data[base + j]!;
  return out;
}
