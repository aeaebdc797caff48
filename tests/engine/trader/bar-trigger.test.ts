// The simulated broker's stop rules on one bar, by hand: touched inside the bar fills at the stop, a gap fills at the
// open, a stop-limit rests as a limit once touched, a trailing stop judges the bar against the mark before it.
import { describe, expect, it } from 'vitest';
import { judgeOnBar, stopTouch, trailingStopLevel, type RestingOrder } from '../../../src/engine/trader/bar-trigger.ts';

const bar = (open: number, high: number, low: number, close: number) => ({ open, high, low, close });
const order = (o: Partial<RestingOrder>): RestingOrder => ({
  type: 'stop',
  side: 'sell',
  limitPrice: null,
  stopPrice: null,
  trailPercent: null,
  trailPrice: null,
  waterMark: null,
  triggered: false,
  ...o,
});

describe('stop rules on a bar', () => {
  it('touches a sell stop at the stop, or at a lower open; a buy stop at the stop, or a higher open', () => {
    expect(stopTouch('sell', 95, bar(100, 101, 94, 96))).toBe(95);
    expect(stopTouch('sell', 95, bar(90, 99, 89, 98))).toBe(90);
    expect(stopTouch('sell', 95, bar(100, 101, 95.5, 96))).toBeNull();
    expect(stopTouch('buy', 105, bar(100, 106, 99, 104))).toBe(105);
    expect(stopTouch('buy', 105, bar(108, 110, 107, 109))).toBe(108);
  });

  it('a stop-limit touched below its limit rests as a limit, and fills at the limit when the bar comes back to it', () => {
    const gapped = judgeOnBar(order({ type: 'stop_limit', stopPrice: 95, limitPrice: 94 }), bar(92, 93, 91, 92.5), 0);
    expect(gapped).toEqual({ price: null, atOpen: true, waterMark: null, triggered: true });
    const later = judgeOnBar(order({ type: 'stop_limit', stopPrice: 95, limitPrice: 94, triggered: true }), bar(93, 94.5, 92, 94), 0);
    expect(later.price).toBe(94);
    expect(judgeOnBar(order({ type: 'stop_limit', stopPrice: 95, limitPrice: 94 }), bar(100, 100, 94.5, 96), 0).price).toBe(95);
  });

  it('a trailing stop keeps its mark on a lower close, raises it on a higher one, and is judged against the old mark', () => {
    const t = order({ type: 'trailing_stop', trailPercent: 10, waterMark: 100 });
    expect(trailingStopLevel('sell', 100, 10, null)).toBe(90);
    expect(judgeOnBar(t, bar(99, 99, 95, 97), 0)).toMatchObject({ price: null, waterMark: 100 });
    expect(judgeOnBar(t, bar(101, 112, 100, 110), 0)).toMatchObject({ price: null, waterMark: 110 });
    // the low of 91 would touch the raised level 99, but this bar is judged against the mark before it (level 90)
    expect(judgeOnBar(t, bar(100, 112, 91, 111), 0)).toMatchObject({ price: null, waterMark: 111 });
    expect(judgeOnBar(order({ type: 'trailing_stop', side: 'buy', trailPrice: 5, waterMark: 50 }), bar(52, 56, 51, 55), 0)).toMatchObject({ price: 55 });
  });
});
