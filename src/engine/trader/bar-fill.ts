// The simulated broker's fill rules on one bar: a market order at the bar's open (plus slippage), a limit order
// when the bar trades through its limit, at the limit or at a better open. Close-only bars (NaN open/high/low) use
// the close for every price: nothing is invented.
import type { OrderSide, OrderType } from './trader-service.ts';

export interface FillBar {
  open: number;
  high: number;
  low: number;
  close: number;
}

/** Price a market order pays at `price` after slippage (a fraction): buys higher, sells lower. */
export function withSlippage(side: OrderSide, price: number, slippage: number): number {
  return side === 'buy' ? price * (1 + slippage) : price * (1 - slippage);
}

/** The fill price of an order resting before this bar, or null when the bar does not fill it. */
export function barFillPrice(type: OrderType, side: OrderSide, limitPrice: number | null, bar: FillBar, slippage: number): number | null {
  const open = Number.isFinite(bar.open) ? bar.open : bar.close;
  if (type === 'market') return withSlippage(side, open, slippage);
  if (limitPrice === null) return null;
  if (side === 'buy') {
    const low = Number.isFinite(bar.low) ? bar.low : bar.close;
    if (low > limitPrice) return null;
    return Math.min(open, limitPrice);
  }
  const high = Number.isFinite(bar.high) ? bar.high : bar.close;
  if (high < limitPrice) return null;
  return Math.max(open, limitPrice);
}

/** Fill price of an order filled at once at the latest close (the wall clock), or null for a resting limit. */
export function closeFillPrice(type: OrderType, side: OrderSide, limitPrice: number | null, close: number, slippage: number): number | null {
  if (type === 'market') return withSlippage(side, close, slippage);
  if (limitPrice === null) return null;
  if (side === 'buy') return close <= limitPrice ? close : null;
  return close >= limitPrice ? close : null;
}
