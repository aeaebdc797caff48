// Trading intents: orders, positions, balance and P&L through the trader facade, and halting new entries. Order and
// halt intents are actions (an allowed user and a confirmation); without a trader they say so.
import { z } from 'zod';
import type { TraderService } from '../../engine/trader/trader-service.ts';
import { orderLine, orderListLines, orderResultText } from './order-text.ts';
import { UserError } from '../../engine/user-error.ts';
import { defineIntent, type IntentContext } from '../intent.ts';
import { textReply } from '../reply.ts';
import type { AgentServices } from '../services.ts';
import { staleNotes } from './data-age-note.ts';
import { orderIdArg, priceArg, quantityArg, symbolArg } from './arg-types.ts';
import { formatTable, held, money, pct, price, qty, signedPct } from '../../format.ts';

const NO_TRADER =
  'Trading is not available here: this session was started without the paper trader (`mltrainer chat` and `mltrainer start` have it).';

export function traderOf(services: AgentServices): TraderService {
  // unavailable() is checked first; this guards the paths that skip it (a confirmation answered in a session without one).
  if (!services.trader) throw new UserError(NO_TRADER);
  return services.trader;
}

export const needsTrader = (s: AgentServices) => (s.trader ? null : NO_TRADER);

function qtyText(q: number): string {
  return qty(q);
}

/** A limit price as typed (2800.555 stays 2,800.555; price() would show 2,800.56). */
function exact(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** "at about 2,874.56 a share, the close of 2020-04-17, a notional of about 14,372.80": what an order will cost. */
function orderCost(side: 'buy' | 'sell', q: number, limit: number | undefined, estimate: number | null, asOf: string | null): string[] {
  if (limit !== undefined) return [`a notional of ${side === 'buy' ? 'at most' : 'at least'} ${money(q * limit)}`];
  if (estimate === null) return [];
  const when = asOf ? `, the close of ${asOf}` : '';
  return [`at about ${price(estimate)} a share${when}, a notional of about ${money(q * estimate)}`];
}

/** A deterministic idempotency key: the same confirmed request can never become two orders. */
function decisionKey(ctx: IntentContext, what: string): string {
  return `chat:${ctx.message.platform}:${ctx.message.chatId}:${ctx.confirmationId ?? ctx.message.messageId ?? what}`;
}

const orderArgs = z.object({
  symbol: symbolArg,
  qty: quantityArg,
  limit: priceArg.optional().describe('Limit price; a market order without it'),
  tif: z.enum(['day', 'gtc']).optional().describe('Time in force: day (default, expires at the close) or gtc (good till cancelled)'),
  stale: z.enum(['ok']).optional().describe("ok: accept a simulated fill at a price much older than the book's other prices"),
  stop: priceArg.optional().describe('Stop price: the order waits until the price reaches it (with limit: a stop-limit order)'),
  tp: priceArg.optional().describe('Take-profit: a limit order on the other side at this price (an exit of a held position: its limit)'),
  sl: priceArg.optional().describe('Stop-loss: a stop order on the other side at this price; with tp the pair is a bracket (one cancels the other)'),
  trailPct: priceArg.optional().describe('Trailing stop distance in percent of the best close since placing, e.g. 5 for 5%'),
  trail: priceArg.optional().describe('Trailing stop distance as a price amount'),
});

type OrderArgs = z.infer<typeof orderArgs>;

/** The order request's protective terms from the chat's arguments. */
function protectiveTerms(a: OrderArgs) {
  return {
    ...(a.stop !== undefined ? { stopPrice: a.stop } : {}),
    ...(a.trailPct !== undefined ? { trailPercent: a.trailPct } : {}),
    ...(a.trail !== undefined ? { trailPrice: a.trail } : {}),
    ...(a.tp !== undefined ? { takeProfit: { limitPrice: a.tp } } : {}),
    ...(a.sl !== undefined ? { stopLoss: { stopPrice: a.sl } } : {}),
  };
}

/** ", with a take-profit at 3,000 and a stop-loss at 2,700" and the like, for the confirmation. */
function protectiveText(a: OrderArgs): string {
  const parts = [
    a.stop !== undefined ? `when the price reaches ${exact(a.stop)} (a stop${a.limit !== undefined ? '-limit' : ''})` : null,
    a.trailPct !== undefined ? `as a trailing stop ${exact(a.trailPct)}% below the best close` : null,
    a.trail !== undefined ? `as a trailing stop ${exact(a.trail)} from the best close` : null,
    a.tp !== undefined ? `with a take-profit at ${exact(a.tp)}` : null,
    a.sl !== undefined ? `${a.tp !== undefined ? 'and' : 'with'} a stop-loss at ${exact(a.sl)}` : null,
  ].filter(Boolean);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

/** `/buy SYMBOL QTY [limit] PRICE [day|gtc]` and key=value forms, in any order after the quantity. */
function orderTokens(tokens: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const rest: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const kv = /^([A-Za-z]\w*)=(.*)$/.exec(t);
    if (kv) out[kv[1]!] = kv[2];
    else if (/^(day|gtc)$/i.test(t)) out.tif = t.toLowerCase();
    else if (/^limit$/i.test(t) && i + 1 < tokens.length) out.limit = tokens[++i];
    else if (/^(stop|tp|sl)$/i.test(t) && i + 1 < tokens.length) out[t.toLowerCase()] = tokens[++i];
    else if (/^trail$/i.test(t) && i + 1 < tokens.length) {
      // "trail 5%" is a percent of the best close; "trail 50" a price distance.
      const v = tokens[++i]!;
      if (v.endsWith('%')) out.trailPct = v.slice(0, -1);
      else out.trail = v;
    }
    else rest.push(t);
  }
  const [symbol, qty, limit] = rest;
  if (symbol !== undefined) out.symbol ??= symbol;
  if (qty !== undefined) out.qty ??= qty;
  if (limit !== undefined) out.limit ??= limit;
  return out;
}

function orderIntent(side: 'buy' | 'sell') {
  return defineIntent({
    name: side,
    description: `${side === 'buy' ? 'Buy' : 'Sell'} shares of a symbol on the paper account, at market or with a limit price, as a stop or trailing stop, or with a take-profit and stop-loss (asks for confirmation).`,
    usage: `/${side} SYMBOL QTY [LIMIT] [stop P] [tp P] [sl P] [trail N%] [day|gtc]`,
    args: orderArgs,
    positional: ['symbol', 'qty', 'limit', 'tif'],
    // `/buy SPY 10 gtc` names the time in force without a limit: the word is not a price.
    slash: (tokens) => orderTokens(tokens),
    role: 'trader',
    action: true,
    describeAction: (a) =>
      `${side} ${qtyText(a.qty)} ${a.symbol.toUpperCase()} ${a.limit !== undefined ? `with a limit of ${exact(a.limit)}` : a.stop !== undefined || a.trail !== undefined || a.trailPct !== undefined ? '' : 'at market'}${protectiveText(a)}${(a.tif ?? (protectiveText(a) ? 'gtc' : 'day')) === 'gtc' ? ', good till cancelled' : ''}${a.stale === 'ok' ? ', accepting its old stored price' : ''}`.replace(/ {2,}/g, ' '),
    unavailable: needsTrader,
    async precheck(args, services) {
      const check = await traderOf(services).checkOrder({
        symbol: args.symbol.toUpperCase(),
        side,
        qty: args.qty,
        type: args.limit !== undefined ? 'limit' : 'market',
        limitPrice: args.limit,
        ...protectiveTerms(args),
        origin: 'chat',
        staleOk: args.stale === 'ok',
      });
      if (check.refusal) return { refusal: check.refusal.message };
      const warnings = check.needsConfirmation && check.confirmationReason ? [`note: ${check.confirmationReason}`] : [];
      // The confirmation shows the price the order will use and its notional, not only the quantity typed.
      // A stop order's shares trade at about its stop, not at today's price.
      const estimate = args.stop ?? check.estimatedPrice;
      return { warnings: [...orderCost(side, args.qty, args.limit, estimate, args.stop !== undefined ? null : check.lastPriceDate), ...warnings] };
    },
    async run(args, ctx) {
      const symbol = args.symbol.toUpperCase();
      ctx.memory.symbol = symbol;
      const result = await traderOf(ctx.services).placeOrder({
        symbol,
        side,
        qty: args.qty,
        type: args.limit !== undefined ? 'limit' : 'market',
        limitPrice: args.limit,
        ...protectiveTerms(args),
        ...(args.tif ? { timeInForce: args.tif } : {}),
        decisionKey: decisionKey(ctx, `${side}-${symbol}-${args.qty}`),
        origin: 'chat',
        // The chat's own confirmation step has been passed.
        confirmed: true,
        staleOk: args.stale === 'ok',
      });
      // A fill at an old close already carries the trader's note naming the bar's date and its age.
      return [textReply(orderResultText(result))];
    },
  });
}

export const buyIntent = orderIntent('buy');
export const sellIntent = orderIntent('sell');

export const closeIntent = defineIntent({
  name: 'close',
  description: 'Close the position in a symbol, or every position with "all" (asks for confirmation).',
  usage: '/close SYMBOL|all',
  args: z.object({ symbol: z.string().min(1).describe('A symbol, or "all"') }),
  positional: ['symbol'],
  role: 'trader',
  action: true,
  describeAction: (a) => (a.symbol.toLowerCase() === 'all' ? 'close every position' : `close the ${a.symbol.toUpperCase()} position`),
  unavailable: needsTrader,
  // Nothing to close is said at once, not put up for confirmation.
  async precheck(args, services) {
    const open = (await traderOf(services).positions()).filter((p) => p.qty !== 0);
    const all = args.symbol.toLowerCase() === 'all';
    if (all && open.length === 0) return { refusal: 'Nothing is open, so there is nothing to close. /positions shows the book.' };
    if (!all && !open.some((p) => p.symbol === args.symbol.toUpperCase())) {
      return { refusal: `There is no open ${args.symbol.toUpperCase()} position to close${open.length ? `; open: ${open.map((p) => p.symbol).join(', ')}` : ''}.` };
    }
    // The orders a close places, with the price and notional each will use.
    const closing = all ? open : open.filter((p) => p.symbol === args.symbol.toUpperCase());
    return { warnings: closing.map((p) => `${p.qty > 0 ? 'sell' : 'buy'} ${qtyText(Math.abs(p.qty))} ${p.symbol}${p.lastPrice === null ? '' : ` ${orderCost('sell', Math.abs(p.qty), undefined, p.lastPrice, p.lastPriceDate)[0]}`}`) };
  },
  async run(args, ctx) {
    const target = args.symbol.toLowerCase() === 'all' ? 'all' : args.symbol.toUpperCase();
    const r = await traderOf(ctx.services).closePosition(target, { decisionKey: decisionKey(ctx, `close-${target}`), origin: 'chat' });
    const lines = [r.message, ...r.results.map(orderResultText)];
    return [textReply(lines.filter(Boolean).join('\n'))];
  },
});

export const ordersIntent = defineIntent({
  name: 'orders',
  private: true,
  description: "List the paper account's orders (most recent first).",
  usage: '/orders',
  args: z.object({}),
  unavailable: needsTrader,
  async run(_args, ctx) {
    const orders = await traderOf(ctx.services).listOrders('all');
    if (orders.length === 0) return [textReply('There are no orders yet.')];
    const lines = orderListLines(orders);
    const shown = lines.slice(0, 24);
    const more = lines.length > shown.length ? ` (the newest ${shown.length} lines of ${lines.length})` : '';
    return [textReply(`Orders, newest first, legs under their order${more}; times UTC:\n${shown.join('\n')}`)];
  },
});

export const cancelIntent = defineIntent({
  name: 'cancel',
  description: 'Cancel an open order by its id, as /orders shows it (asks for confirmation).',
  usage: '/cancel ORDER_ID',
  args: z.object({ id: orderIdArg }),
  positional: ['id'],
  role: 'trader',
  action: true,
  describeAction: (a) => `cancel order #${a.id.replace(/^#/, '')}`,
  unavailable: needsTrader,
  // An order that does not exist, or is no longer open, is said at once: there is nothing to confirm.
  async precheck(args, services) {
    const raw = args.id.replace(/^#/, '');
    const orders = await traderOf(services).listOrders('all');
    const order = orders.find((o) => String(o.id) === raw || o.clientOrderId === raw);
    if (!order) return { refusal: `There is no order #${raw}. /orders lists them with their ids.` };
    const open = await traderOf(services).listOrders('open');
    if (!open.some((o) => o.id === order.id)) return { refusal: `Order #${order.id} is ${order.status}, not open, so there is nothing to cancel.` };
    return {};
  },
  async run(args, ctx) {
    const raw = args.id.replace(/^#/, '');
    const r = await traderOf(ctx.services).cancelOrder(/^\d+$/.test(raw) ? Number(raw) : raw);
    return [textReply(r.order ? `${r.message}\n${orderLine(r.order)}` : r.message)];
  },
});

export const positionsIntent = defineIntent({
  name: 'positions',
  private: true,
  description: 'Show the open positions with their average price, last price, value and unrealised P&L.',
  usage: '/positions',
  args: z.object({}),
  unavailable: needsTrader,
  async run(_args, ctx) {
    const trader = traderOf(ctx.services);
    const ps = await trader.positions();
    if (ps.length === 0) return [textReply('No open positions.')];
    // Since when each position is held: the entry of its oldest open lot (trades are first in, first out).
    const opened = new Map<string, string>();
    for (const t of await trader.trades()) if (t.exitAt === null && !opened.has(t.symbol)) opened.set(t.symbol, t.entryAt);
    const now = ctx.services.clock.now();
    const opt = (v: number | null, f: (x: number) => string) => (v === null ? '-' : f(v));
    const rows = [
      ['symbol', 'qty', 'avg price', 'last', 'as of', 'value', 'unrealised', '%', 'held'],
      ...ps.map((p) => {
        const since = opened.get(p.symbol);
        return [
          p.symbol,
          qtyText(p.qty),
          price(p.avgEntryPrice),
          opt(p.lastPrice, price),
          p.lastPriceDate ?? '-',
          opt(p.marketValue, money),
          opt(p.unrealizedPnl, money),
          opt(p.unrealizedPnlPct, (x) => signedPct(x, 1)),
          since ? `${held(now - Date.parse(since))} (${since.slice(0, 10)})` : '-',
        ];
      }),
    ];
    // Positions valued at old prices say so: the oldest price first.
    const dated = ps.flatMap((p) => (p.lastPriceDate ? [{ symbol: p.symbol, asOf: p.lastPriceDate }] : [])).sort((a, b) => (a.asOf < b.asOf ? -1 : 1));
    const stale = staleNotes(ctx.services, dated);
    const head = `${ps.length} open position${ps.length === 1 ? '' : 's'}${dated.length ? `, valued at the latest stored closes` : ''}:`;
    return [textReply(stale ? `${head}\n${stale}` : head, { code: formatTable(rows, ['l', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'l']) })];
  },
});

export const balanceIntent = defineIntent({
  name: 'balance',
  private: true,
  description: "Show the paper account's cash, equity and exposure.",
  usage: '/balance',
  args: z.object({}),
  unavailable: needsTrader,
  async run(_args, ctx) {
    const b = await traderOf(ctx.services).balance();
    const lines = [
      `Cash ${money(b.cash)}, equity ${money(b.equity)} (started with ${money(b.startingEquity)}), ${b.broker} broker.`,
      `${b.openPositions} open position${b.openPositions === 1 ? '' : 's'}, gross exposure ${money(b.grossExposure)}; ${b.openOrders} open order${b.openOrders === 1 ? '' : 's'}.`,
    ];
    if (b.halted) lines.push(`Trading is halted${b.haltReason ? `: ${b.haltReason}` : ''}.`);
    if (b.entriesStopped) lines.push(`New entries are stopped: ${b.entriesStopped}; exits still work (/resume lets entries again).`);
    if (b.dailyLossHalt) lines.push('The daily loss limit was hit: new entries are refused for the rest of the day.');
    return [textReply(lines.join('\n'))];
  },
});

export const pnlIntent = defineIntent({
  name: 'pnl',
  private: true,
  description: 'Show profit and loss over a period: day, week, month or all.',
  usage: '/pnl [day|week|month|all]',
  args: z.object({ period: z.enum(['day', 'week', 'month', 'all']).optional().describe('Default day') }),
  positional: ['period'],
  unavailable: needsTrader,
  async run(args, ctx) {
    const p = await traderOf(ctx.services).pnl(args.period ?? 'day');
    const text =
      `P&L ${p.from} to ${p.to}: ${money(p.change)} (${pct(p.changePct)}), equity ${money(p.startEquity)} to ${money(p.endEquity)}.\n` +
      `Realised ${money(p.realized)}, unrealised ${money(p.unrealized)}, commissions ${money(p.commissions)}, ${p.fills} fill${p.fills === 1 ? '' : 's'}.`;
    if (p.positions.length === 0) return [textReply(text)];
    const rows = [
      ['symbol', 'realised', 'unrealised'],
      ...p.positions.map((x) => [x.symbol, money(x.realized), x.unrealized === null ? 'no price' : money(x.unrealized)]),
    ];
    return [textReply(text, { code: formatTable(rows, ['l', 'r', 'r']) })];
  },
});
