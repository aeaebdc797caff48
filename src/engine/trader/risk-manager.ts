// The risk manager: checked before every order, from a snapshot of the book (equity, marked positions, halt state)
// and the order. Pure: the trader gathers the snapshot and acts on the verdict (refuse, ask, or send), and records
// a newly tripped daily loss limit. A refusal names its rule.
import { isReducing } from './position-math.ts';
import type { RiskLimits } from './trader-config.ts';
import type { OrderOrigin, OrderSide, OrderType, RiskCheck, RiskRefusal, RiskRule } from './trader-service.ts';

export interface RiskOrder {
  symbol: string;
  side: OrderSide;
  qty: number;
  type: OrderType;
  limitPrice: number | null;
  origin: OrderOrigin;
  confirmed: boolean;
}

export interface MarkedPosition {
  symbol: string;
  qty: number;
  /** Last price, null when the store has none. */
  price: number | null;
}

export interface RiskSnapshot {
  limits: RiskLimits;
  halted: boolean;
  haltReason: string | null;
  /** Why new entries are stopped (/stopentry), or null. */
  entriesStopped: string | null;
  /** The daily loss limit already halted entries today. */
  lossHalted: boolean;
  equity: number;
  /** Equity at the previous close (the base of today's loss). */
  dayStartEquity: number;
  positions: MarkedPosition[];
  lastPrice: { price: number; date: string } | null;
  /** A confirmed chat order may pass the confirmable rules (the admin allowed overrides); otherwise they refuse. */
  allowOverride: boolean;
}

export interface RiskVerdict extends RiskCheck {
  /** The loss limit is breached now and was not recorded yet: halt entries for the day and alert. */
  tripsDailyLoss: boolean;
}

/**
 * Rules that a user's confirmed chat order may pass when the admin allows overrides (a soft limit shown in the
 * confirmation); the autopilot never, and without the admin's setting nobody.
 */
export const CONFIRMABLE_RULES: readonly RiskRule[] = ['max_symbol_weight'];

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const money = (x: number) => x.toFixed(2);

/** Today's loss as a fraction of the day's starting equity, and whether it reached the limit. */
export function dailyLoss(dayStartEquity: number, equity: number, limit: number): { loss: number; breached: boolean } {
  const loss = dayStartEquity > 0 ? (dayStartEquity - equity) / dayStartEquity : 0;
  return { loss, breached: loss >= limit };
}

export function checkRisk(order: RiskOrder, s: RiskSnapshot): RiskVerdict {
  const pos = s.positions.find((p) => p.symbol === order.symbol);
  const posQty = pos?.qty ?? 0;
  const isExit = Number.isFinite(order.qty) && order.qty > 0 && isReducing(posQty, order.side, order.qty);
  const lastPrice = s.lastPrice?.price ?? null;
  const estimatedPrice = order.type === 'limit' && order.limitPrice !== null ? order.limitPrice : lastPrice;
  const verdict: RiskVerdict = {
    allowed: false,
    refusal: null,
    needsConfirmation: false,
    confirmationReason: null,
    isExit,
    lastPrice,
    lastPriceDate: s.lastPrice?.date ?? null,
    estimatedPrice,
    estimatedValue: estimatedPrice !== null && Number.isFinite(order.qty) ? order.qty * estimatedPrice : null,
    equity: s.equity,
    symbolWeightAfter: null,
    grossExposureAfter: null,
    openPositionsAfter: s.positions.filter((p) => p.qty !== 0).length,
    warnings: [],
    tripsDailyLoss: false,
  };
  const refuse = (rule: RiskRule, why: string): RiskVerdict => {
    const refusal: RiskRefusal = { rule, message: `refused by ${rule}: ${why}` };
    return { ...verdict, allowed: false, refusal };
  };
  const L = s.limits;

  if (s.halted) return refuse('kill_switch', `trading is halted${s.haltReason ? ` (${s.haltReason})` : ''}; /resume first`);
  if (s.entriesStopped !== null && !isExit) {
    return refuse('entries_stopped', `new entries are stopped (${s.entriesStopped}); exits still work; /resume lets entries again`);
  }
  if (!Number.isFinite(order.qty) || order.qty <= 0) return refuse('quantity_sanity', `quantity must be a positive number, got ${order.qty}`);
  if (order.qty > L.maxQty) return refuse('quantity_sanity', `${order.qty} shares is above the ${L.maxQty} share limit`);
  if (order.type === 'limit' && (order.limitPrice === null || !Number.isFinite(order.limitPrice) || order.limitPrice <= 0)) {
    return refuse('price_sanity', `a limit price must be a positive number, got ${order.limitPrice}`);
  }
  if (L.allowlist && !L.allowlist.includes(order.symbol)) {
    return refuse('symbol_allowlist', `${order.symbol} is not in the allowed symbols (${L.allowlist.join(', ')})`);
  }
  if (estimatedPrice === null) return refuse('no_price', `no price for ${order.symbol} in the bar store; pull or import its bars first`);

  // The daily loss limit stops new entries only: an exit still goes through.
  const { loss, breached } = dailyLoss(s.dayStartEquity, s.equity, L.dailyLossLimit);
  if (breached && !s.lossHalted) verdict.tripsDailyLoss = true;
  if (!isExit && (s.lossHalted || breached)) {
    return refuse(
      'daily_loss_limit',
      `today's loss ${pct(Math.max(loss, 0))} (equity ${money(s.equity)} from ${money(s.dayStartEquity)}) reached the ${pct(L.dailyLossLimit)} limit; new entries are halted for the rest of the day, exits are allowed`,
    );
  }

  const signed = order.side === 'buy' ? order.qty : -order.qty;
  const value = order.qty * estimatedPrice;
  if (!isExit && s.equity > 0 && value > L.maxOrderValueMultiple * s.equity) {
    return refuse('quantity_sanity', `the order is worth ${money(value)}, more than ${L.maxOrderValueMultiple}x equity ${money(s.equity)}`);
  }
  const mark = lastPrice ?? estimatedPrice;
  const after = posQty + signed;
  const weightAfter = s.equity > 0 ? (after * mark) / s.equity : Infinity;
  let gross = Math.abs(after * mark);
  for (const p of s.positions) if (p.symbol !== order.symbol && p.price !== null) gross += Math.abs(p.qty * p.price);
  const grossAfter = s.equity > 0 ? gross / s.equity : Infinity;
  const openAfter = s.positions.filter((p) => p.qty !== 0 && p.symbol !== order.symbol).length + (Math.abs(after) > 1e-9 ? 1 : 0);
  verdict.symbolWeightAfter = weightAfter;
  verdict.grossExposureAfter = grossAfter;
  verdict.openPositionsAfter = openAfter;

  if (!isExit) {
    if (Math.abs(weightAfter) > L.maxSymbolWeight + 1e-12) {
      const why = `${order.symbol} would be ${pct(Math.abs(weightAfter))} of equity ${money(s.equity)}, above the ${pct(L.maxSymbolWeight)} limit`;
      if (s.allowOverride && order.origin === 'chat' && CONFIRMABLE_RULES.includes('max_symbol_weight')) {
        if (!order.confirmed) {
          verdict.needsConfirmation = true;
          verdict.confirmationReason = `max_symbol_weight: ${why}`;
        }
        verdict.warnings.push(`max_symbol_weight: ${why}`);
      } else return refuse('max_symbol_weight', why);
    }
    if (grossAfter > L.maxGrossExposure + 1e-12) {
      return refuse('max_gross_exposure', `gross exposure would be ${pct(grossAfter)} of equity, above the ${pct(L.maxGrossExposure)} limit`);
    }
    if (Math.abs(posQty) < 1e-9 && openAfter > L.maxOpenPositions) {
      return refuse('max_open_positions', `${openAfter - 1} positions are open, the limit is ${L.maxOpenPositions}`);
    }
  }

  if (order.type === 'limit' && s.lastPrice && order.limitPrice !== null) {
    const dev = Math.abs(order.limitPrice - s.lastPrice.price) / s.lastPrice.price;
    if (dev > L.limitDeviationConfirm) {
      const why = `limit ${order.limitPrice} is ${pct(dev)} from the last price ${lastPrice} (${s.lastPrice.date})`;
      verdict.warnings.push(why);
      // The autopilot has no one to ask: its far limits go with the warning.
      if (!order.confirmed && order.origin === 'chat') {
        verdict.needsConfirmation = true;
        verdict.confirmationReason = verdict.confirmationReason ? `${verdict.confirmationReason}; ${why}` : why;
      }
    }
  }
  verdict.allowed = true;
  return verdict;
}
