// The one window a leaderboard compares every model on: Sharpe ratios of different windows are not comparable.
import type { BarSeries } from '../../registry/model.ts';
import { windowFromDates } from '../backtest/window.ts';
import { UserError } from '../user-error.ts';
import { isoDate } from '../../calendar/dates.ts';

export interface WindowCandidate {
  modelId: string;
  /** The first bar the model's signal can be acted on. */
  firstIndex: number;
}

export interface CommonWindow {
  fromIndex: number;
  toIndex: number;
  /** Models that can trade over the whole window. */
  included: string[];
  /** Models left out, and why. */
  excluded: { model: string; reason: string }[];
}

/** Fewest bars a ranked window may have: under a year of daily bars, a Sharpe ratio says little. */
export const MIN_WINDOW_BARS = 60;

/**
 * Without `from`: the window starts at the latest first tradable bar of the models that can start within the first half
 * of the history (the others would shrink everyone's window, so they are listed apart). With `from`: the first bar on or
 * after it, and models that cannot trade from there are listed apart. `to` cuts the end (inclusive).
 */
export function chooseCommonWindow(bars: BarSeries, candidates: readonly WindowCandidate[], range: { from?: string; to?: string } = {}): CommonWindow {
  const asked = windowFromDates(bars, range);
  const excluded: CommonWindow['excluded'] = [];
  let included: WindowCandidate[];
  let fromIndex: number;
  if (range.from !== undefined) {
    fromIndex = asked.fromIndex;
    included = [];
    for (const c of candidates) {
      if (c.firstIndex <= fromIndex) included.push(c);
      else {
        const start = c.firstIndex < bars.length ? isoDate(bars.time[c.firstIndex]!) : 'after the last bar';
        excluded.push({ model: c.modelId, reason: `can trade only from ${start}, after the window's start` });
      }
    }
  } else {
    const latestStart = Math.max(asked.fromIndex, Math.floor((asked.fromIndex + asked.toIndex) / 2));
    included = [];
    for (const c of candidates) {
      if (c.firstIndex <= latestStart) included.push(c);
      else excluded.push({ model: c.modelId, reason: `needs ${c.firstIndex} bars of warm-up, more than half the history` });
    }
    fromIndex = Math.max(asked.fromIndex, ...included.map((c) => c.firstIndex));
  }
  const toIndex = asked.toIndex;
  if (included.length === 0) throw new UserError('No evaluated model can trade over that window; choose an earlier start or evaluate more models.');
  if (toIndex - fromIndex + 1 < MIN_WINDOW_BARS) {
    throw new UserError(
      `The common window ${isoDate(bars.time[fromIndex]!)}..${isoDate(bars.time[toIndex]!)} has ${toIndex - fromIndex + 1} bars; a ranking needs at least ${MIN_WINDOW_BARS}.`,
    );
  }
  return { fromIndex, toIndex, included: included.map((c) => c.modelId), excluded };
}
