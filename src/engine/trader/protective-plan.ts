// Turns an order request with stop, trailing, take-profit or stop-loss terms into the order the broker gets: its type
// and class, and its legs with their own deterministic client order ids. An entry with a take-profit and a stop-loss is
// a bracket (one of them: OTO); an exit of a held position with both is an OCO pair (the take-profit limit, its
// stop-loss leg). Prices are checked against the reference price (the limit, or the last price), so a level on the
// wrong side, which would fill at once, is refused with a sentence instead.
import { price as priceText } from '../../format.ts';
import type { NewOrder } from './book.ts';
import type { OrderClass, OrderRequest, OrderSide, OrderTerms, OrderType } from './trader-service.ts';

export interface ProtectivePlan {
  order: Omit<OrderTerms, 'clientOrderId' | 'symbol' | 'side' | 'qty'>;
  legs: Omit<OrderTerms, 'symbol' | 'qty'>[];
}

/** The largest trailing distance in percent accepted (a wider trail is a typo more often than a plan). */
const MAX_TRAIL_PERCENT = 50;

/** The order's own type from its terms. */
export function orderTypeOf(req: Pick<OrderRequest, 'type' | 'limitPrice' | 'stopPrice' | 'trailPercent' | 'trailPrice'>): OrderType {
  if (req.trailPercent !== undefined || req.trailPrice !== undefined) return 'trailing_stop';
  if (req.stopPrice !== undefined) return req.limitPrice !== undefined ? 'stop_limit' : 'stop';
  return req.type === 'market' && req.limitPrice !== undefined ? 'limit' : req.type;
}

/** Whether the request asks for anything beyond a plain market or limit order. */
export const isProtective = (req: OrderRequest): boolean =>
  req.stopPrice !== undefined || req.trailPercent !== undefined || req.trailPrice !== undefined || req.takeProfit !== undefined || req.stopLoss !== undefined;

/**
 * The plan for `req`, or the sentence saying why it cannot be placed. `isExit` says whether the order reduces a held
 * position; `reference` is the price the levels are judged against.
 */
export function planOrder(req: OrderRequest, clientOrderId: string, isExit: boolean, reference: number | null): ProtectivePlan | string {
  const type = orderTypeOf(req);
  const protective = isProtective(req);
  const tif = req.timeInForce ?? (protective ? 'gtc' : 'day');
  const base = {
    type,
    limitPrice: req.limitPrice ?? null,
    stopPrice: req.stopPrice ?? null,
    trailPercent: req.trailPercent ?? null,
    trailPrice: req.trailPrice ?? null,
    timeInForce: tif,
    orderClass: 'simple' as OrderClass,
    parentClientOrderId: null,
    leg: null,
  };
  const problem = levelProblem(req, type, reference, isExit);
  if (problem) return problem;
  const tp = req.takeProfit;
  const sl = req.stopLoss;
  if (!tp && !sl) return { order: base, legs: [] };
  if (type !== 'market' && type !== 'limit') return 'a stop or trailing order cannot carry take-profit or stop-loss legs; place the protection as its own order';
  // An entry's legs exit it (the other side); an exit's OCO pair are both the exit (the same side).
  const exitSide: OrderSide = isExit ? req.side : req.side === 'buy' ? 'sell' : 'buy';
  const slLeg = sl && {
    side: exitSide,
    type: (sl.limitPrice !== undefined ? 'stop_limit' : 'stop') as OrderType,
    limitPrice: sl.limitPrice ?? null,
    stopPrice: sl.stopPrice,
  };
  const leg = (part: 'take_profit' | 'stop_loss', terms: Pick<OrderTerms, 'side' | 'type' | 'limitPrice' | 'stopPrice'>, orderClass: OrderClass) => ({
    ...terms,
    clientOrderId: `${clientOrderId}-${part === 'take_profit' ? 'tp' : 'sl'}`,
    trailPercent: null,
    trailPrice: null,
    timeInForce: tif,
    orderClass,
    parentClientOrderId: clientOrderId,
    leg: part,
  });
  if (isExit) {
    // Protecting a held position: the order itself is the exit.
    if (req.limitPrice !== undefined) return 'an exit with take-profit or stop-loss levels has no limit of its own: drop the limit';
    if (tp && slLeg) {
      return { order: { ...base, type: 'limit', limitPrice: tp.limitPrice, orderClass: 'oco', leg: 'take_profit' }, legs: [leg('stop_loss', slLeg, 'oco')] };
    }
    if (tp) return { order: { ...base, type: 'limit', limitPrice: tp.limitPrice, leg: 'take_profit' }, legs: [] };
    return { order: { ...base, type: slLeg!.type, limitPrice: slLeg!.limitPrice, stopPrice: slLeg!.stopPrice, leg: 'stop_loss' }, legs: [] }; // tp or sl is set
  }
  const orderClass: OrderClass = tp && sl ? 'bracket' : 'oto';
  const legs = [];
  if (tp) legs.push(leg('take_profit', { side: exitSide, type: 'limit', limitPrice: tp.limitPrice, stopPrice: null }, orderClass));
  if (slLeg) legs.push(leg('stop_loss', slLeg, orderClass));
  return { order: { ...base, orderClass }, legs };
}

/** Fills in a plan's legs as book orders of `req`. */
export function planLegs(plan: ProtectivePlan, req: OrderRequest, origin: NewOrder['origin'], decisionKey: string | null): NewOrder[] {
  return plan.legs.map((l) => ({ ...l, symbol: req.symbol, qty: req.qty, origin, decisionKey }));
}

/** Why the levels cannot work from the reference price, or null. */
function levelProblem(req: OrderRequest, type: OrderType, reference: number | null, isExit: boolean): string | null {
  const positive = (v: number | undefined) => v === undefined || (Number.isFinite(v) && v > 0);
  for (const [name, v] of [
    ['stop', req.stopPrice],
    ['take-profit', req.takeProfit?.limitPrice],
    ['stop-loss', req.stopLoss?.stopPrice],
    ['stop-loss limit', req.stopLoss?.limitPrice],
    ['trail', req.trailPrice],
  ] as const) {
    if (!positive(v)) return `the ${name} price must be a positive number, got ${v}`;
  }
  if (req.trailPercent !== undefined && !(req.trailPercent > 0 && req.trailPercent <= MAX_TRAIL_PERCENT)) {
    return `a trailing stop's percent must be above 0 and at most ${MAX_TRAIL_PERCENT}, got ${req.trailPercent}`;
  }
  if (req.trailPercent !== undefined && req.trailPrice !== undefined) return 'give a trailing stop a percent or a price, not both';
  if (reference === null) return null;
  const ref = priceText(reference);
  if ((type === 'stop' || type === 'stop_limit') && req.stopPrice !== undefined) {
    if (req.side === 'sell' && req.stopPrice >= reference) return `a sell stop must be below the price ${ref}, or it triggers at once; for an immediate sale leave out the stop`;
    if (req.side === 'buy' && req.stopPrice <= reference) return `a buy stop must be above the price ${ref}, or it triggers at once; for an immediate purchase leave out the stop`;
  }
  // The position the levels protect is long for a buy entry or the sell that exits a long; short otherwise.
  const long = (req.side === 'buy') !== isExit;
  const tp = req.takeProfit?.limitPrice;
  const sl = req.stopLoss?.stopPrice;
  if (tp !== undefined && (long ? tp <= reference : tp >= reference)) {
    return `the take-profit ${priceText(tp)} must be ${long ? 'above' : 'below'} the price ${ref} for a ${long ? 'long' : 'short'} position`;
  }
  if (sl !== undefined && (long ? sl >= reference : sl <= reference)) {
    return `the stop-loss ${priceText(sl)} must be ${long ? 'below' : 'above'} the price ${ref} for a ${long ? 'long' : 'short'} position`;
  }
  return null;
}
