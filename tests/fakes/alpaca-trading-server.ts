// A loopback stand-in for Alpaca's trading REST API (v2): account, orders (POST/GET/DELETE, by client order id),
// positions, numbers as strings as Alpaca sends them. Knobs reproduce the failures the trader must survive: a 5xx
// before success, a POST that creates the order but never answers, partial fills, and 422 on a reused client order id
// (even after the first order was cancelled). Order classes as Alpaca documents them: a bracket's or OTO's legs are
// `held` until the entry fills; an OCO's stop leg works at once; a filled leg cancels its siblings; an order read by id
// or client order id carries its legs (nested), the open-orders list names every leg on its own.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOrder {
  id: string;
  client_order_id: string;
  symbol: string;
  side: 'buy' | 'sell';
  type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
  order_class: '' | 'simple' | 'bracket' | 'oco' | 'oto';
  time_in_force: string;
  qty: number;
  limit_price: number | null;
  stop_price: number | null;
  trail_percent: number | null;
  trail_price: number | null;
  /** Ids of the legs (a parent), or of the parent (a leg). */
  legs: string[];
  parent: string | null;
  status: string;
  filled_qty: number;
  filled_avg_price: number | null;
  created_at: string;
  filled_at: string | null;
}

export interface FakeAlpacaOptions {
  keyId: string;
  secretKey: string;
  cash?: number;
  /** Fill prices of market orders by symbol. */
  prices?: Record<string, number>;
}

export class FakeAlpacaTradingServer {
  readonly orders = new Map<string, FakeOrder>();
  /** Every request seen: method, path (with query), parsed body. */
  readonly requests: { method: string; path: string; body: unknown }[] = [];
  cash: number;
  prices: Record<string, number>;
  /** Answer the next N order POSTs with 503 without creating anything. */
  failNextPosts = 0;
  /** Create the next N posted orders but never answer (the socket is dropped after `hangMs`). */
  hangNextPosts = 0;
  hangMs = 2_000;
  /** How market orders fill: at once, partly (`partialQty` shares), or not at all (left `new`). */
  fillMode: 'fill' | 'partial' | 'accept' = 'fill';
  partialQty = 0;
  url = '';
  private readonly positions = new Map<string, { qty: number; avg: number }>();
  private readonly server;

  constructor(private readonly opts: FakeAlpacaOptions) {
    this.cash = opts.cash ?? 100_000;
    this.prices = { ...(opts.prices ?? {}) };
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => send(res, 500, { code: 50010000, message: String(err) }));
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get postCount(): number {
    return this.requests.filter((r) => r.method === 'POST').length;
  }

  /** Sets a position the account already holds (opened before the test, or outside mlTrainer). */
  holdPosition(symbol: string, qty: number, avg: number): void {
    this.positions.set(symbol, { qty, avg });
  }

  /** Fills more of an order at a price (a later partial or final fill). */
  fill(id: string, qty: number, price: number): FakeOrder {
    const o = this.orders.get(id)!;
    const total = o.filled_qty + qty;
    o.filled_avg_price = ((o.filled_avg_price ?? 0) * o.filled_qty + price * qty) / total;
    o.filled_qty = total;
    o.status = total >= o.qty ? 'filled' : 'partially_filled';
    o.filled_at = new Date().toISOString();
    if (o.status === 'filled') this.afterFill(o);
    const signed = o.side === 'buy' ? qty : -qty;
    this.cash -= signed * price;
    const p = this.positions.get(o.symbol) ?? { qty: 0, avg: 0 };
    if (p.qty === 0 || Math.sign(p.qty) === Math.sign(signed)) {
      p.avg = (Math.abs(p.qty) * p.avg + qty * price) / (Math.abs(p.qty) + qty);
    }
    p.qty += signed;
    if (p.qty === 0) this.positions.delete(o.symbol);
    else this.positions.set(o.symbol, p);
    return o;
  }

  /** A filled entry sets its held legs working; a filled leg cancels its siblings (an OCO's parent counts as one). */
  private afterFill(o: FakeOrder): void {
    for (const id of o.legs) {
      const leg = this.orders.get(id)!;
      if (o.order_class === 'oco') leg.status = 'canceled';
      else if (leg.status === 'held') leg.status = 'new';
    }
    const parent = o.parent ? this.orders.get(o.parent) : undefined;
    if (!parent) return;
    const siblings = parent.order_class === 'oco' ? [parent.id, ...parent.legs] : parent.legs;
    for (const id of siblings) {
      const sib = this.orders.get(id)!;
      if (sib.id !== o.id && ['new', 'held', 'accepted'].includes(sib.status)) sib.status = 'canceled';
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, body });
    if (req.headers['apca-api-key-id'] !== this.opts.keyId || req.headers['apca-api-secret-key'] !== this.opts.secretKey) {
      return send(res, 401, { code: 40110000, message: 'request is not authorized' });
    }
    const path = url.pathname;
    if (req.method === 'GET' && path === '/v2/account') return send(res, 200, this.account());
    if (req.method === 'GET' && path === '/v2/positions') return send(res, 200, [...this.positions.entries()].map(([s, p]) => this.position(s, p)));
    if (req.method === 'POST' && path === '/v2/orders') return this.post(body ?? {}, res);
    if (req.method === 'GET' && path === '/v2/orders:by_client_order_id') {
      const cid = url.searchParams.get('client_order_id');
      const o = [...this.orders.values()].find((x) => x.client_order_id === cid);
      return o ? send(res, 200, this.nested(o)) : send(res, 404, { code: 40410000, message: 'order not found' });
    }
    if (req.method === 'GET' && path === '/v2/orders') {
      const status = url.searchParams.get('status') ?? 'open';
      const open = (o: FakeOrder) => ['new', 'held', 'accepted', 'partially_filled', 'pending_new'].includes(o.status);
      const list = [...this.orders.values()].filter((o) => status === 'all' || (status === 'open' ? open(o) : !open(o)));
      return send(res, 200, list.map(wire));
    }
    const m = /^\/v2\/orders\/([^/]+)$/.exec(path);
    if (m) {
      const o = this.orders.get(decodeURIComponent(m[1]!));
      if (!o) return send(res, 404, { code: 40410000, message: 'order not found' });
      if (req.method === 'GET') return send(res, 200, this.nested(o));
      if (req.method === 'DELETE') {
        if (['filled', 'canceled', 'expired', 'rejected'].includes(o.status)) return send(res, 422, { code: 42210000, message: `order is already in "${o.status}" state` });
        o.status = 'canceled';
        // An entry that never filled takes its legs with it.
        for (const id of o.legs) {
          const leg = this.orders.get(id)!;
          if (['new', 'held', 'accepted'].includes(leg.status)) leg.status = 'canceled';
        }
        res.writeHead(204).end();
        return;
      }
    }
    send(res, 404, { code: 40400000, message: `no route ${req.method} ${path}` });
  }

  private post(b: Record<string, unknown>, res: ServerResponse): void {
    if (this.failNextPosts > 0) {
      this.failNextPosts--;
      return send(res, 503, { code: 50300000, message: 'service unavailable' });
    }
    const cid = typeof b.client_order_id === 'string' ? b.client_order_id : randomUUID();
    if ([...this.orders.values()].some((o) => o.client_order_id === cid)) {
      return send(res, 422, { code: 40010001, message: 'client_order_id must be unique' });
    }
    const qty = Number(b.qty);
    const symbol = String(b.symbol);
    const type = (['limit', 'stop', 'stop_limit', 'trailing_stop'].includes(String(b.type)) ? b.type : 'market') as FakeOrder['type'];
    const orderClass = (['bracket', 'oco', 'oto'].includes(String(b.order_class)) ? b.order_class : '') as FakeOrder['order_class'];
    if (!(qty > 0)) return send(res, 422, { code: 40010000, message: 'qty must be > 0' });
    const num = (v: unknown) => (v == null ? null : Number(v));
    const tp = b.take_profit as { limit_price?: unknown } | undefined;
    const sl = b.stop_loss as { stop_price?: unknown; limit_price?: unknown } | undefined;
    if (orderClass === 'bracket' && !(tp?.limit_price && sl?.stop_price)) return send(res, 422, { code: 40010000, message: 'bracket orders must specify both take_profit and stop_loss' });
    if (type === 'trailing_stop' && b.trail_percent == null && b.trail_price == null) return send(res, 422, { code: 40010000, message: 'trail_price or trail_percent is required' });
    const now = new Date().toISOString();
    const side: FakeOrder['side'] = b.side === 'sell' ? 'sell' : 'buy';
    const base = { symbol, qty, time_in_force: String(b.time_in_force ?? 'day'), filled_qty: 0, filled_avg_price: null, created_at: now, filled_at: null, trail_percent: null, trail_price: null, legs: [] as string[] };
    const o: FakeOrder = {
      ...base,
      id: randomUUID(),
      client_order_id: cid,
      side,
      type: orderClass === 'oco' ? 'limit' : type,
      order_class: orderClass,
      limit_price: orderClass === 'oco' ? num(tp?.limit_price) : num(b.limit_price),
      stop_price: num(b.stop_price),
      trail_percent: num(b.trail_percent),
      trail_price: num(b.trail_price),
      status: 'new',
      parent: null,
    };
    // The legs: Alpaca gives them client order ids of its own.
    const exit: FakeOrder['side'] = orderClass === 'oco' ? side : side === 'buy' ? 'sell' : 'buy';
    const legStatus = orderClass === 'oco' ? 'new' : 'held';
    const leg = (t: FakeOrder['type'], limit: number | null, stop: number | null): FakeOrder => ({
      ...base,
      id: randomUUID(),
      client_order_id: randomUUID(),
      side: exit,
      type: t,
      order_class: orderClass,
      limit_price: limit,
      stop_price: stop,
      status: legStatus,
      parent: o.id,
      legs: [],
    });
    const legs: FakeOrder[] = [];
    if (tp?.limit_price != null && orderClass !== 'oco') legs.push(leg('limit', num(tp.limit_price), null));
    if (sl?.stop_price != null) legs.push(leg(sl.limit_price != null ? 'stop_limit' : 'stop', num(sl.limit_price), num(sl.stop_price)));
    for (const l of legs) {
      this.orders.set(l.id, l);
      o.legs.push(l.id);
    }
    this.orders.set(o.id, o);
    const price = this.prices[symbol];
    if (type === 'market' && price !== undefined) {
      if (this.fillMode === 'fill') this.fill(o.id, qty, price);
      else if (this.fillMode === 'partial') this.fill(o.id, this.partialQty, price);
    }
    if (this.hangNextPosts > 0) {
      this.hangNextPosts--;
      // The order exists, but the answer never comes: the client times out.
      setTimeout(() => res.destroy(), this.hangMs).unref();
      return;
    }
    send(res, 200, this.nested(o));
  }

  /** An order with its legs, as Alpaca answers a POST or a read by id. */
  private nested(o: FakeOrder): Record<string, unknown> {
    return { ...wire(o), legs: o.legs.length ? o.legs.map((id) => wire(this.orders.get(id)!)) : null };
  }

  private account(): Record<string, unknown> {
    let long = 0;
    for (const [s, p] of this.positions) long += p.qty * (this.prices[s] ?? p.avg);
    const equity = this.cash + long;
    return {
      id: 'acct-1',
      account_number: 'PA0000001',
      status: 'ACTIVE',
      currency: 'USD',
      cash: String(this.cash),
      equity: String(equity),
      last_equity: String(equity),
      portfolio_value: String(equity),
      buying_power: String(this.cash * 2),
      long_market_value: String(long),
      short_market_value: '0',
      pattern_day_trader: false,
      trading_blocked: false,
      transfers_blocked: false,
      account_blocked: false,
      created_at: '2024-01-02T00:00:00Z',
      multiplier: '2',
      shorting_enabled: true,
    };
  }

  private position(symbol: string, p: { qty: number; avg: number }): Record<string, unknown> {
    const price = this.prices[symbol] ?? p.avg;
    const mv = p.qty * price;
    const cost = p.qty * p.avg;
    return {
      asset_id: `asset-${symbol}`,
      symbol,
      exchange: 'ARCA',
      asset_class: 'us_equity',
      asset_marginable: true,
      avg_entry_price: String(p.avg),
      qty: String(p.qty),
      qty_available: String(p.qty),
      side: p.qty >= 0 ? 'long' : 'short',
      market_value: String(mv),
      cost_basis: String(cost),
      unrealized_pl: String(mv - cost),
      unrealized_plpc: String(cost ? (mv - cost) / Math.abs(cost) : 0),
      unrealized_intraday_pl: String(mv - cost),
      unrealized_intraday_plpc: String(cost ? (mv - cost) / Math.abs(cost) : 0),
      current_price: String(price),
      lastday_price: String(price),
      change_today: '0',
    };
  }
}

/** An order as Alpaca writes it: every number a string. */
function wire(o: FakeOrder): Record<string, unknown> {
  return {
    id: o.id,
    client_order_id: o.client_order_id,
    created_at: o.created_at,
    updated_at: o.filled_at ?? o.created_at,
    submitted_at: o.created_at,
    filled_at: o.filled_at,
    expired_at: null,
    canceled_at: null,
    failed_at: null,
    asset_id: `asset-${o.symbol}`,
    symbol: o.symbol,
    asset_class: 'us_equity',
    notional: null,
    qty: String(o.qty),
    filled_qty: String(o.filled_qty),
    filled_avg_price: o.filled_avg_price === null ? null : String(o.filled_avg_price),
    order_class: o.order_class,
    order_type: o.type,
    type: o.type,
    side: o.side,
    time_in_force: o.time_in_force,
    limit_price: o.limit_price === null ? null : String(o.limit_price),
    stop_price: o.stop_price === null ? null : String(o.stop_price),
    status: o.status,
    extended_hours: false,
    legs: null,
    trail_percent: o.trail_percent === null ? null : String(o.trail_percent),
    trail_price: o.trail_price === null ? null : String(o.trail_price),
    hwm: null,
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
