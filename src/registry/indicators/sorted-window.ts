// A sliding window kept sorted (binary search + shift), for rolling quantiles, medians and tail means.
export class SortedWindow {
  private readonly data: Float64Array;
  private size = 0;

  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(1, capacity));
  }

  get length(): number {
    return this.size;
  }

  clear(): void {
    this.size = 0;
  }

  insert(v: number): void {
    const pos = this.lowerBound(v);
    this.data.copyWithin(pos + 1, pos, this.size);
    this.data[pos] = v;
    this.size++;
  }

  remove(v: number): void {
    const pos = this.lowerBound(v);
    if (pos < this.size && this.data[pos] === v) {
      this.data.copyWithin(pos, pos + 1, this.size);
      this.size--;
    }
  }

  /** The i-th smallest value (0-based). */
  at(i: number): number {
    return this.data[i]!;
  }

  /** Quantile by linear interpolation between order statistics (type 7, as numpy's default). */
  quantile(q: number): number {
    if (this.size === 0) return NaN;
    const h = (this.size - 1) * q;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, this.size - 1);
    return this.data[lo]! + (h - lo) * (this.data[hi]! - this.data[lo]!);
  }

  /** Mean of the k smallest values. */
  lowerTailMean(k: number): number {
    const m = Math.min(Math.max(1, k), this.size);
    let s = 0;
    for (let i = 0; i < m; i++) s += this.data[i]!;
    return s / m;
  }

  private lowerBound(v: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.data[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
