// The simulated broker's rules for stop, stop-limit and trailing-stop orders on one bar, beside bar-fill.ts's market and
// limit rules. A stop is touched when the bar's low (a sell) or high (a buy) reaches it, and becomes a market order at the
// stop, or at the open when the bar opened beyond it (a gap fills at the open, never at a price the market skipped).
// A trailing stop's level follows its water mark (the best close since it was placed), which ratchets only on closes.
import { barFillPrice, withSlippage, type FillBar } from './bar-fill.ts';
import type { OrderSide, OrderType } from './trader-service.ts';

/** What a resting order needs to be judged on a bar, with its state so far. */
export interface RestingOrder {
  type: OrderType;
  side: OrderSide;
  limitPrice: number | null;
  stopPrice: number | null;
  trailPercent: number | null;
  trailPrice: number | null;
  /** A trailing stop's best close so far (highest for a sell, lowest for a buy). */
  waterMark: number | null;
  /** A stop-limit whose stop was touched rests as a limit order. */
  triggered: boolean;
}

export interface BarOutcome {
  /** The fill price on this bar, or null. */
  price: number | null;
  /** True when the fill (or the stop-limit's trigger) came at the bar's open: the bar gapped through the level. */
  atOpen: boolean;
  /** The state after the bar. */
  waterMark: number | null;
  triggered: boolean;
}

const finiteOr = (v: number, fallback: number) => (Number.isFinite(v) ? v : fallback);

/** The level at which a trailing stop with this water mark is touched. */
export function trailingStopLevel(side: OrderSide, waterMark: number, trailPercent: number | null, trailPrice: number | null): number {
  const distance = trailPercent !== null ? (waterMark * trailPercent) / 100 : (trailPrice ?? 0);
  return side === 'sell' ? waterMark - distance : waterMark + distance;
}

/** The price at which a stop at `stop` becomes a market order on this bar, or null when the bar does not reach it. */
export function stopTouch(side: OrderSide, stop: number, bar: FillBar): number | null {
  const open = finiteOr(bar.open, bar.close);
  if (side === 'sell') {
    const low = finiteOr(bar.low, bar.close);
    if (low > stop) return null;
    return Math.min(open, stop);
  }
  const high = finiteOr(bar.high, bar.close);
  if (high < stop) return null;
  return Math.max(open, stop);
}

/** Judges a resting order on the next bar: its fill price (or null) and its state afterwards. */
export function judgeOnBar(o: RestingOrder, bar: FillBar, slippage: number): BarOutcome {
  const open = finiteOr(bar.open, bar.close);
  const keep = { waterMark: o.waterMark, triggered: o.triggered };
  if (o.type === 'market' || o.type === 'limit' || (o.type === 'stop_limit' && o.triggered)) {
    const type = o.type === 'market' ? 'market' : 'limit';
    const price = barFillPrice(type, o.side, o.limitPrice, bar, slippage);
    return { price, atOpen: price !== null && price === open, ...keep };
  }
  if (o.type === 'stop') {
    const touch = o.stopPrice === null ? null : stopTouch(o.side, o.stopPrice, bar);
    return { price: touch === null ? null : withSlippage(o.side, touch, slippage), atOpen: touch === open, ...keep };
  }
  if (o.type === 'stop_limit') {
    const touch = o.stopPrice === null ? null : stopTouch(o.side, o.stopPrice, bar);
    if (touch === null || o.limitPrice === null) return { price: null, atOpen: false, ...keep };
    // Touched: a limit order from here on. It fills at the touch when that is within the limit, else at the limit
    // if the rest of the bar reaches it.
    const within = o.side === 'sell' ? touch >= o.limitPrice : touch <= o.limitPrice;
    const reached = o.side === 'sell' ? finiteOr(bar.high, bar.close) >= o.limitPrice : finiteOr(bar.low, bar.close) <= o.limitPrice;
    const price = within ? touch : reached ? o.limitPrice : null;
    return { price, atOpen: touch === open, waterMark: o.waterMark, triggered: true };
  }
  // trailing_stop: judged against the level of the water mark before this bar, then the mark ratchets on the close.
  const mark = o.waterMark ?? bar.close;
  const touch = stopTouch(o.side, trailingStopLevel(o.side, mark, o.trailPercent, o.trailPrice), bar);
  if (touch !== null) return { price: withSlippage(o.side, touch, slippage), atOpen: touch === open, waterMark: mark, triggered: false };
  const close = finiteOr(bar.close, mark);
  return { price: null, atOpen: false, waterMark: o.side === 'sell' ? Math.max(mark, close) : Math.min(mark, close), triggered: false };
}
