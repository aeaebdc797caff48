// How one fill changes a position and the cash: average entry price, realized P&L of the part it closes, flips
// through zero. Shared by the book and the simulated broker so both compute the same numbers.
import type { OrderSide } from './trader-service.ts';

export interface PositionState {
  /** Signed quantity. */
  qty: number;
  avgEntryPrice: number;
}

export interface FillEffect {
  qty: number;
  avgEntryPrice: number;
  /** Gross P&L of the closed part, minus the fill's commission. */
  realizedPnl: number;
  /** Change of cash: -(qty * price) - commission for a buy, +(qty * price) - commission for a sell. */
  cashDelta: number;
}

// Quantities below this are rounding noise of fractional shares, not a position.
const QTY_EPSILON = 1e-9;

export function applyFill(pos: PositionState, side: OrderSide, qty: number, price: number, commission: number): FillEffect {
  const signed = side === 'buy' ? qty : -qty;
  const cashDelta = -signed * price - commission;
  const q0 = pos.qty;
  if (Math.abs(q0) < QTY_EPSILON || Math.sign(q0) === Math.sign(signed)) {
    const total = Math.abs(q0) + qty;
    const avg = (Math.abs(q0) * pos.avgEntryPrice + qty * price) / total;
    return { qty: q0 + signed, avgEntryPrice: avg, realizedPnl: -commission, cashDelta };
  }
  const closing = Math.min(qty, Math.abs(q0));
  const gross = closing * (price - pos.avgEntryPrice) * Math.sign(q0);
  let next = q0 + signed;
  if (Math.abs(next) < QTY_EPSILON) next = 0;
  const avg = next === 0 ? 0 : Math.sign(next) === Math.sign(q0) ? pos.avgEntryPrice : price;
  return { qty: next, avgEntryPrice: avg, realizedPnl: gross - commission, cashDelta };
}

/** Does an order of this side and quantity only reduce the position (an exit)? */
export function isReducing(positionQty: number, side: OrderSide, qty: number): boolean {
  if (Math.abs(positionQty) < QTY_EPSILON) return false;
  const signed = side === 'buy' ? qty : -qty;
  return Math.sign(signed) !== Math.sign(positionQty) && qty <= Math.abs(positionQty) + QTY_EPSILON;
}
