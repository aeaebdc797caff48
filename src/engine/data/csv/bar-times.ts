// The time and file line of each readable row of a CSV import, in fixed-size typed-array chunks: 12 bytes a row
// (about 30 MB for a 200 MB file's 2.6 million bars), and growing never copies what is held.

const SHIFT = 16;
const CHUNK = 1 << SHIFT; // rows per chunk
const MASK = CHUNK - 1;

/** An append-only list of (time, line), addressed by the order rows were added (0, 1, ...). */
export class BarTimes {
  private readonly times: Float64Array[] = [];
  private readonly lines: Uint32Array[] = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(time: number, line: number): void {
    const at = this.count & MASK;
    if (at === 0) {
      this.times.push(new Float64Array(CHUNK));
      this.lines.push(new Uint32Array(CHUNK));
    }
    (this.times[this.times.length - 1] as Float64Array)[at] = time;
    (this.lines[this.lines.length - 1] as Uint32Array)[at] = line;
    this.count++;
  }

  time(i: number): number {
    return (this.times[i >>> SHIFT] as Float64Array)[i & MASK] as number;
  }

  line(i: number): number {
    return (this.lines[i >>> SHIFT] as Uint32Array)[i & MASK] as number;
  }
}
