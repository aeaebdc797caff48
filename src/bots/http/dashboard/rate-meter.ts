// A per-minute rate from a counter read now and then (the dashboard's polls): the counter's growth over the last
// five minutes of readings.
const WINDOW_MS = 5 * 60_000;

export class RateMeter {
  private readings: { at: number; total: number }[] = [];

  /** Records a reading; returns the rate per minute over the window, null until two readings span 10 s or more. */
  read(at: number, total: number): number | null {
    this.readings.push({ at, total });
    this.readings = this.readings.filter((r) => r.at >= at - WINDOW_MS);
    const first = this.readings[0]!;
    if (at - first.at < 10_000) return null;
    return ((total - first.total) / (at - first.at)) * 60_000;
  }
}
