// Transforms of an economic series computed on its own observations (before joining onto bars), so a trailing mean
// or a year-over-year change depends on the series' history, not on where the bar data starts.
import type { ExtraSeries } from '../../model.ts';
import { compensatedSum } from '../../indicators/compensated-sum.ts';
import { negligible, SMA_TIE_ULPS } from '../../indicators/ties.ts';
import { addMonths } from '../../series-alignment.ts';

/**
 * Each observation minus the mean of the last `count` observations with a value (itself included); NaN where the
 * observation is missing or fewer than `count` values precede it. Missing observations are skipped, never counted as 0.
 */
export function gapToTrailingMean(series: ExtraSeries, count: number): ExtraSeries {
  const m = series.time.length;
  const value = new Float64Array(m).fill(NaN);
  const ring = new Float64Array(count);
  let seen = 0;
  for (let i = 0; i < m; i++) {
    const v = series.value[i]!;
    if (v !== v) continue;
    ring[seen % count] = v;
    seen++;
    if (seen < count) continue;
    // a fresh, compensated sum over the window (count is small): no drift, and an observation equal to its trailing
    // mean (4.1 after a year at 4.1) gives a gap of exactly 0, not a rounding residual that reads as "above"
    const gap = v - compensatedSum(ring) / count;
    value[i] = negligible(gap, SMA_TIE_ULPS, v) ? 0 : gap;
  }
  return { time: series.time, value };
}

/**
 * Year-over-year change of each observation: value / value dated exactly 12 months earlier - 1; NaN where either is
 * missing (the earlier observation is found by date, so a missing row never shifts the comparison).
 */
export function yearOverYearChange(series: ExtraSeries): ExtraSeries {
  const m = series.time.length;
  const value = new Float64Array(m).fill(NaN);
  let j = 0;
  for (let i = 0; i < m; i++) {
    const target = addMonths(series.time[i]!, -12);
    while (j < i && series.time[j]! < target) j++;
    if (series.time[j] === target) {
      const now = series.value[i]!;
      const before = series.value[j]!;
      if (now === now && before === before && before !== 0) value[i] = now / before - 1;
    }
  }
  return { time: series.time, value };
}

/**
 * `a - b` on the dates both series observe, with NaN where either value is missing; dates only one series has are
 * left out. Both ascending.
 */
export function differenceByDate(a: ExtraSeries, b: ExtraSeries): ExtraSeries {
  const time = new Float64Array(a.time.length);
  const value = new Float64Array(a.time.length);
  let k = 0;
  let j = 0;
  for (let i = 0; i < a.time.length; i++) {
    const t = a.time[i]!;
    while (j < b.time.length && b.time[j]! < t) j++;
    if (j < b.time.length && b.time[j] === t) {
      time[k] = t;
      value[k] = a.value[i]! - b.value[j]!;
      k++;
    }
  }
  return { time: time.slice(0, k), value: value.slice(0, k) };
}

/**
 * For each observation, 1 when it and the `count - 1` observations with a value before it are all below zero, 0 when
 * not, NaN where the observation is missing (a missing day neither breaks nor extends the run).
 */
export function belowZeroFor(series: ExtraSeries, count: number): ExtraSeries {
  const m = series.time.length;
  const value = new Float64Array(m).fill(NaN);
  let run = 0;
  for (let i = 0; i < m; i++) {
    const v = series.value[i]!;
    if (v !== v) continue;
    run = v < 0 ? run + 1 : 0;
    value[i] = run >= count ? 1 : 0;
  }
  return { time: series.time, value };
}
