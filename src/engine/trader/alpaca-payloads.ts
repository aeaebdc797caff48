// Alpaca's trading payloads parsed with zod, like every other outside input: the SDK types them loosely (numbers
// arrive as strings, most fields optional), so each order, position and account is checked and turned into the
// Broker port's numbers here. A payload that does not parse is an error naming the field, never a made-up value.
import { z } from 'zod';
import type { BrokerAccount, BrokerOrder, BrokerPosition } from './broker.ts';
import { ORDER_CLASSES, ORDER_SIDES, ORDER_TYPES, type OrderLeg, type OrderStatus, type OrderType } from './trader-service.ts';

/** A decimal Alpaca sends as a string (or a number): finite, or the payload is refused. */
const decimal = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const n = typeof v === 'number' ? v : v.trim() === '' ? Number.NaN : Number(v);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `not a number: ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});
const optionalDecimal = z.union([decimal, z.literal(''), z.null(), z.undefined()]).transform((v) => (typeof v === 'number' ? v : null));

const orderFields = {
  id: z.string(),
  clientOrderId: z.string(),
  symbol: z.string(),
  side: z.enum(ORDER_SIDES),
  // The SDK names it `type` or `orderType` depending on the call.
  type: z.enum(ORDER_TYPES).optional(),
  orderType: z.enum(ORDER_TYPES).optional(),
  qty: decimal,
  limitPrice: optionalDecimal,
  timeInForce: z.string(),
  status: z.string(),
  filledQty: optionalDecimal,
  filledAvgPrice: optionalDecimal,
  filledAt: z.date().nullish(),
  stopPrice: optionalDecimal,
  trailPercent: optionalDecimal,
  trailPrice: optionalDecimal,
  // '' (or absent) for a simple order.
  orderClass: z.union([z.enum(ORDER_CLASSES), z.literal(''), z.null(), z.undefined()]),
};
const legSchema = z.object(orderFields);
const orderSchema = z.object({ ...orderFields, legs: z.array(z.unknown()).nullish() });

const positionSchema = z.object({
  symbol: z.string(),
  qty: decimal,
  side: z.string().optional(),
  avgEntryPrice: decimal,
  currentPrice: optionalDecimal,
});

const accountSchema = z.object({ cash: decimal, equity: optionalDecimal, lastEquity: optionalDecimal });

function parse<T extends z.ZodType>(schema: T, payload: unknown, what: string): z.output<T> {
  const r = schema.safeParse(payload);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(`Alpaca sent ${what} that does not parse: ${issue.path.join('.') || 'payload'}: ${issue.message}`);
  }
  return r.data;
}

export function parseAlpacaOrder(payload: unknown): BrokerOrder {
  const o = parse(orderSchema, payload, 'an order');
  const order = toBrokerOrder(o, null);
  const legs = (o.legs ?? []).map((l) => toBrokerOrder(parse(legSchema, l, 'an order leg'), o.clientOrderId));
  // An OCO's own order is its take-profit limit; its leg the stop-loss.
  if (order.orderClass === 'oco' && order.type === 'limit') order.leg = 'take_profit';
  return legs.length ? { ...order, legs } : order;
}

function toBrokerOrder(o: z.output<typeof legSchema>, parentClientOrderId: string | null): BrokerOrder {
  const type = o.type ?? o.orderType;
  if (!type) throw new Error(`Alpaca order ${o.id}: no order type`);
  return {
    brokerOrderId: o.id,
    clientOrderId: o.clientOrderId,
    symbol: o.symbol,
    side: o.side,
    type,
    qty: o.qty,
    limitPrice: o.limitPrice,
    stopPrice: o.stopPrice,
    trailPercent: o.trailPercent,
    trailPrice: o.trailPrice,
    timeInForce: o.timeInForce === 'gtc' ? 'gtc' : 'day',
    orderClass: o.orderClass ? o.orderClass : 'simple',
    parentClientOrderId,
    leg: parentClientOrderId ? legOf(type) : null,
    status: orderStatus(o.status),
    filledQty: o.filledQty ?? 0,
    filledAvgPrice: o.filledAvgPrice,
    filledAt: o.filledAt ? o.filledAt.getTime() : null,
  };
}

/** Alpaca does not name a leg's part: a bracket's limit leg takes the profit, its stop leg limits the loss. */
function legOf(type: OrderType): OrderLeg {
  return type === 'limit' ? 'take_profit' : 'stop_loss';
}

export function parseAlpacaPosition(payload: unknown): BrokerPosition {
  const p = parse(positionSchema, payload, 'a position');
  return { symbol: p.symbol, qty: p.side === 'short' && p.qty > 0 ? -p.qty : p.qty, avgEntryPrice: p.avgEntryPrice, currentPrice: p.currentPrice };
}

export function parseAlpacaAccount(payload: unknown): BrokerAccount {
  const a = parse(accountSchema, payload, 'an account');
  return { cash: a.cash, equity: a.equity, lastEquity: a.lastEquity };
}

/** Alpaca's many order states in the port's: anything still working is `accepted`. */
function orderStatus(s: string): OrderStatus {
  switch (s) {
    case 'held':
    case 'filled':
    case 'partially_filled':
    case 'canceled':
    case 'rejected':
    case 'expired':
      return s;
    case 'done_for_day':
      return 'expired';
    case 'replaced':
      return 'canceled';
    default:
      // new, pending_new, accepted, held, pending_cancel, ...: the broker has it and it is still working.
      return 'accepted';
  }
}
