// Round-trip trades from the book's fills: per symbol, entry fills open lots and opposite fills close them first in,
// first out. An exit smaller than the oldest lot splits it (the closed part is a trade, the rest stays open); an exit
// larger than every open lot closes them all and opens a lot the other way (a long flipped to a short).
import type { Fill, OrderOrigin } from './trader-service.ts';

/** Why a trade was closed: who or what sent the exit order. */
export const EXIT_REASONS = ['manual', 'autopilot', 'external', 'stop', 'take-profit', 'trailing'] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

export interface Trade {
  symbol: string;
  direction: 'long' | 'short';
  /** Shares of this trade (a part of a fill when an exit split a lot). */
  qty: number;
  /** ISO instant of the entry fill (the trader's clock), and the date of the bar whose price filled it. */
  entryAt: string;
  /** The trader's day of the entry (New York's date; the bar's date in a replay), as its equity closes are dated. */
  entryDay: string;
  entryBarDate: string | null;
  entryPrice: number;
  /** Who placed the entry: `chat` (a user) or `autopilot`, and the decision behind it. */
  origin: OrderOrigin;
  entryDecision: string | null;
  entryOrderId: number;
  /** Null while the trade is open. */
  exitAt: string | null;
  exitDay: string | null;
  exitBarDate: string | null;
  exitPrice: number | null;
  exitReason: ExitReason | null;
  exitDecision: string | null;
  exitOrderId: number | null;
  /** Realised P&L net of both sides' commissions (each fill's commission shared by quantity); null while open. */
  pnl: number | null;
  /** pnl over the entry's cost (entry price x qty); null while open. */
  pnlPct: number | null;
  /** Commissions of the entry (and exit) share of this trade. */
  commission: number;
}

/** The order a fill belongs to, as far as trades need it. */
export interface FillOrigin {
  origin: OrderOrigin;
  decisionKey: string | null;
  /** A protective order's own reason to exit (its stop, take-profit or trail was reached), else who sent it decides. */
  protective?: 'stop' | 'take-profit' | 'trailing' | null;
}

/** What kind of protective order an order is, for the exit reason of the trades it closes. */
export function protectiveKind(o: { type: string; leg: string | null }): FillOrigin['protective'] {
  if (o.type === 'trailing_stop') return 'trailing';
  if (o.leg === 'take_profit') return 'take-profit';
  if (o.leg === 'stop_loss' || o.type === 'stop' || o.type === 'stop_limit') return 'stop';
  return null;
}

interface Lot {
  fill: Fill;
  sign: 1 | -1;
  remaining: number;
  /** Entry commission per share of this lot. */
  commissionPerShare: number;
}

const EPSILON = 1e-9;

const REASON: Record<OrderOrigin, ExitReason> = { chat: 'manual', autopilot: 'autopilot', external: 'external' };

/** Oldest first: by fill instant, then by order (a book's fills of one instant keep their order ids' order). */
function chronological(fills: readonly Fill[]): Fill[] {
  return [...fills].sort((a, b) => (a.filledAt < b.filledAt ? -1 : a.filledAt > b.filledAt ? 1 : a.orderId - b.orderId));
}

function openTrade(lot: Lot, originOf: (orderId: number) => FillOrigin, dayOf: (ms: number) => string): Trade {
  const entry = originOf(lot.fill.orderId);
  return {
    symbol: lot.fill.symbol,
    direction: lot.sign > 0 ? 'long' : 'short',
    qty: lot.remaining,
    entryAt: lot.fill.filledAt,
    entryDay: dayOf(Date.parse(lot.fill.filledAt)),
    entryBarDate: lot.fill.barDate,
    entryPrice: lot.fill.price,
    origin: entry.origin,
    entryDecision: entry.decisionKey,
    entryOrderId: lot.fill.orderId,
    exitAt: null,
    exitDay: null,
    exitBarDate: null,
    exitPrice: null,
    exitReason: null,
    exitDecision: null,
    exitOrderId: null,
    pnl: null,
    pnlPct: null,
    commission: lot.commissionPerShare * lot.remaining,
  };
}

/**
 * Every trade of the fills, closed ones in the order they closed, then the open ones oldest first.
 * @param originOf the order of a fill (its origin and decision); an unknown order counts as `external`.
 * @param dayOf the trader's day of an instant (default: its UTC date).
 */
export function roundTrips(
  fills: readonly Fill[],
  originOf: (orderId: number) => FillOrigin | undefined,
  dayOf: (ms: number) => string = (ms) => new Date(ms).toISOString().slice(0, 10),
): Trade[] {
  const known = (orderId: number): FillOrigin => originOf(orderId) ?? { origin: 'external', decisionKey: null };
  const lots = new Map<string, Lot[]>();
  const closed: Trade[] = [];
  for (const fill of chronological(fills)) {
    if (!(fill.qty > 0)) continue;
    const sign: 1 | -1 = fill.side === 'buy' ? 1 : -1;
    const queue = lots.get(fill.symbol) ?? [];
    lots.set(fill.symbol, queue);
    const exitCommissionPerShare = fill.commission / fill.qty;
    let left = fill.qty;
    while (left > EPSILON && queue.length > 0 && queue[0]!.sign !== sign) {
      const lot = queue[0]!;
      const qty = Math.min(lot.remaining, left);
      const trade = openTrade({ ...lot, remaining: qty }, known, dayOf);
      const exit = known(fill.orderId);
      const gross = (fill.price - lot.fill.price) * qty * lot.sign;
      const commission = (lot.commissionPerShare + exitCommissionPerShare) * qty;
      const pnl = gross - commission;
      closed.push({
        ...trade,
        exitAt: fill.filledAt,
        exitDay: dayOf(Date.parse(fill.filledAt)),
        exitBarDate: fill.barDate,
        exitPrice: fill.price,
        exitReason: exit.protective ?? REASON[exit.origin],
        exitDecision: exit.decisionKey,
        exitOrderId: fill.orderId,
        pnl,
        pnlPct: pnl / (lot.fill.price * qty),
        commission,
      });
      lot.remaining -= qty;
      left -= qty;
      if (lot.remaining <= EPSILON) queue.shift();
    }
    if (left > EPSILON) queue.push({ fill, sign, remaining: left, commissionPerShare: exitCommissionPerShare });
  }
  const open = [...lots.values()].flat().map((lot) => openTrade(lot, known, dayOf));
  open.sort((a, b) => (a.entryAt < b.entryAt ? -1 : a.entryAt > b.entryAt ? 1 : 0));
  return [...closed, ...open];
}
