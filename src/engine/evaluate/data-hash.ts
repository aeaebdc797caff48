// A fingerprint of the bars a model was evaluated on, so a rerun on unchanged data can be skipped (resumable runs).
import { createHash } from 'node:crypto';
import type { BarSeries } from '../../registry/model.ts';
import { isoDate } from '../../calendar/dates.ts';

/**
 * `<count>-<first>-<last>-<digest>`: the count and first/last bar dates readable at a glance, and a SHA-256 of every
 * stored value (times and OHLCV, as bytes) so a corrected bar anywhere changes the fingerprint. About 1 ms for 5000 bars.
 */
export function dataHash(bars: BarSeries): string {
  const h = createHash('sha256');
  for (const a of [bars.time, bars.open, bars.high, bars.low, bars.close, bars.volume]) {
    h.update(new Uint8Array(a.buffer, a.byteOffset, bars.length * 8));
  }
  const n = bars.length;
  const day = (t: number | undefined) => (t === undefined ? 'none' : isoDate(t));
  return `${n}-${day(bars.time[0])}-${day(bars.time[n - 1])}-${h.digest('hex').slice(0, 16)}`;
}
