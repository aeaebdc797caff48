// A seeded stationary bootstrap (Politis and Romano 1994) of the annualised Sharpe ratio: resampled paths are built
// once, as blocks of consecutive returns (wrapping at the end) with geometrically distributed lengths, and shared by
// every strategy of a ranking, so their intervals are comparable and each one costs a prefix-sum lookup per block.
import { mulberry32 } from '../../registry/seeded-random.ts';

export interface BootstrapPaths {
  /** Returns per path. */
  n: number;
  resamples: number;
  /** Path b's blocks are starts/lengths[offsets[b] .. offsets[b+1]). */
  offsets: Int32Array;
  starts: Int32Array;
  lengths: Int32Array;
}

export interface BootstrapOptions {
  resamples?: number;
  /** Mean block length (default round(n^(1/3)), at least 1). */
  meanBlockLength?: number;
  seed?: number;
}

export function bootstrapPaths(n: number, opts: BootstrapOptions = {}): BootstrapPaths {
  const resamples = Math.max(1, Math.floor(opts.resamples ?? 1000));
  const mean = Math.max(1, opts.meanBlockLength ?? Math.round(Math.cbrt(Math.max(1, n))));
  const random = mulberry32(opts.seed ?? 1);
  const offsets = new Int32Array(resamples + 1);
  const starts: number[] = [];
  const lengths: number[] = [];
  const p = 1 / mean;
  for (let b = 0; b < resamples; b++) {
    offsets[b] = starts.length;
    let filled = 0;
    while (filled < n) {
      // A block starts anywhere and continues with probability 1 - p at each step.
      const start = Math.floor(random() * n);
      let len = 1;
      while (len < n - filled && random() >= p) len++;
      starts.push(start);
      lengths.push(len);
      filled += len;
    }
  }
  offsets[resamples] = starts.length;
  return { n, resamples, offsets, starts: Int32Array.from(starts), lengths: Int32Array.from(lengths) };
}

/**
 * The percentile interval (default 95%) of the annualised Sharpe mean/std * sqrt(periodsPerYear) over the paths.
 * A series that never varies has Sharpe 0 on every path: [0, 0].
 */
export function sharpeIntervalOnPaths(r: Float64Array, paths: BootstrapPaths, opts: { periodsPerYear: number; level?: number }): [number, number] {
  const n = paths.n;
  if (r.length !== n) throw new Error(`sharpeIntervalOnPaths: ${r.length} returns for paths of ${n}`);
  const s1 = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    s1[k + 1] = s1[k]! + r[k]!;
    s2[k + 1] = s2[k]! + r[k]! * r[k]!;
  }
  const ann = Math.sqrt(opts.periodsPerYear);
  const values = new Float64Array(paths.resamples);
  for (let b = 0; b < paths.resamples; b++) {
    let sum = 0;
    let sq = 0;
    for (let j = paths.offsets[b]!; j < paths.offsets[b + 1]!; j++) {
      const s = paths.starts[j]!;
      const e = s + paths.lengths[j]!;
      if (e <= n) {
        sum += s1[e]! - s1[s]!;
        sq += s2[e]! - s2[s]!;
      } else {
        sum += s1[n]! - s1[s]! + s1[e - n]!;
        sq += s2[n]! - s2[s]! + s2[e - n]!;
      }
    }
    const mean = sum / n;
    const variance = n > 1 ? (sq - n * mean * mean) / (n - 1) : 0;
    values[b] = variance > 1e-300 ? (mean / Math.sqrt(variance)) * ann : 0;
  }
  values.sort();
  const alpha = (1 - (opts.level ?? 0.95)) / 2;
  return [quantileSorted(values, alpha), quantileSorted(values, 1 - alpha)];
}

/** Linear interpolation between order statistics (type 7, as R and numpy by default). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
