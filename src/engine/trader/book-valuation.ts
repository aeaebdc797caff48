// The book marked at last prices: positions with their P&L, the balance, P&L over a period, and the equity the day
// started with. The simulated book is marked at the bar store's closes, an Alpaca book at Alpaca's own marks; a
// position without any price counts at cost, never at a made-up mark.
import type { BookPosition } from './book.ts';
import type { LastPrice } from './price-source.ts';
import type { PaperTraderDeps } from './trader-parts.ts';
import type { Balance, PnlPeriod, PnlReport, Position } from './trader-service.ts';
import type { TradingDay } from './trading-day.ts';
import { isoDate } from '../../calendar/dates.ts';

const DAY = 86_400_000;

export interface MarkedBook {
  cash: number;
  equity: number;
  positions: (BookPosition & { price: LastPrice | null })[];
  /** The newest price date among the marks. */
  priceDate: string | null;
}

export class BookValuation {
  constructor(
    private readonly d: PaperTraderDeps,
    private readonly day: TradingDay,
  ) {}

  /** Cash and positions from the book, marked at the last prices (Alpaca's own marks for what it holds). */
  async mark(): Promise<MarkedBook> {
    const acct = await this.d.book.account();
    const positions = await this.d.book.positions();
    const brokerMarks = new Map<string, number>();
    if (this.d.broker.kind === 'alpaca' && positions.some((p) => p.qty !== 0)) {
      for (const p of await this.d.broker.positions().catch(() => [])) if (p.currentPrice !== null) brokerMarks.set(p.symbol, p.currentPrice);
    }
    let equity = acct.cash;
    let priceDate: string | null = null;
    const out: MarkedBook['positions'] = [];
    for (const p of positions) {
      let price: LastPrice | null = null;
      if (p.qty !== 0) {
        const bm = brokerMarks.get(p.symbol);
        price = bm !== undefined ? { price: bm, time: this.d.clock.now(), date: this.day.today(), timeframe: '1d' } : await this.lastPrice(p.symbol);
        equity += p.qty * (price?.price ?? p.avgEntryPrice);
        if (price && (priceDate === null || price.date > priceDate)) priceDate = price.date;
      }
      out.push({ ...p, price });
    }
    return { cash: acct.cash, equity, positions: out, priceDate };
  }

  lastPrice(symbol: string): Promise<LastPrice | null> {
    return this.d.prices.lastPrice(symbol);
  }

  /** Equity at the start of the trading day: the last recorded before it, Alpaca's last equity, or the starting equity. */
  async dayStartEquity(): Promise<number> {
    const before = await this.d.book.equityBefore(this.day.today());
    if (before) return before.equity;
    if (this.d.broker.kind === 'alpaca') {
      const acct = await this.d.broker.account().catch(() => null);
      if (acct?.lastEquity) return acct.lastEquity;
    }
    return (await this.d.book.account()).startingEquity;
  }

  async positions(): Promise<Position[]> {
    const m = await this.mark();
    return m.positions
      .filter((p) => p.qty !== 0)
      .map((p) => {
        const last = p.price?.price ?? null;
        const costBasis = p.qty * p.avgEntryPrice;
        const marketValue = last === null ? null : p.qty * last;
        const unrealized = marketValue === null ? null : marketValue - costBasis;
        return {
          symbol: p.symbol,
          qty: p.qty,
          avgEntryPrice: p.avgEntryPrice,
          costBasis,
          lastPrice: last,
          lastPriceDate: p.price?.date ?? null,
          marketValue,
          unrealizedPnl: unrealized,
          unrealizedPnlPct: unrealized === null || costBasis === 0 ? null : unrealized / Math.abs(costBasis),
          realizedPnl: p.realizedPnl,
          weight: marketValue === null || m.equity <= 0 ? null : Math.abs(marketValue) / m.equity,
        };
      });
  }

  async balance(): Promise<Balance> {
    const m = await this.mark();
    const acct = await this.d.book.account();
    const state = await this.d.book.state();
    let positionsValue = 0;
    let gross = 0;
    for (const p of m.positions) {
      const v = p.qty * (p.price?.price ?? p.avgEntryPrice);
      positionsValue += v;
      gross += Math.abs(v);
    }
    return {
      broker: this.d.broker.kind,
      cash: m.cash,
      equity: m.equity,
      positionsValue,
      grossExposure: gross,
      startingEquity: acct.startingEquity,
      openPositions: m.positions.filter((p) => p.qty !== 0).length,
      openOrders: (await this.d.book.listOrders('open')).length,
      halted: state.halted,
      haltReason: state.haltReason,
      entriesStopped: state.entriesStopped,
      dailyLossHalt: state.lossHaltDate === this.day.today(),
      asOf: new Date(this.d.clock.now()).toISOString(),
      priceDate: m.priceDate,
    };
  }

  async pnl(period: PnlPeriod): Promise<PnlReport> {
    const m = await this.mark();
    const acct = await this.d.book.account();
    const to = this.day.today();
    const from = period === 'all' ? this.day.dayOf(acct.inceptionAt) : periodStart(period, to);
    const before = period === 'all' ? null : await this.d.book.equityBefore(from);
    const startEquity = before?.equity ?? acct.startingEquity;
    const fills = (await this.d.book.fills()).filter((f) => this.day.dayOf(Date.parse(f.filledAt)) >= from);
    const bySymbol = new Map<string, { realized: number; unrealized: number | null }>();
    let realized = 0;
    let commissions = 0;
    for (const f of fills) {
      realized += f.realizedPnl;
      commissions += f.commission;
      const e = bySymbol.get(f.symbol) ?? { realized: 0, unrealized: null };
      e.realized += f.realizedPnl;
      bySymbol.set(f.symbol, e);
    }
    let unrealized = 0;
    for (const p of m.positions) {
      if (p.qty === 0) continue;
      const u = p.price ? p.qty * (p.price.price - p.avgEntryPrice) : null;
      if (u !== null) unrealized += u;
      const e = bySymbol.get(p.symbol) ?? { realized: 0, unrealized: null };
      e.unrealized = u;
      bySymbol.set(p.symbol, e);
    }
    const change = m.equity - startEquity;
    return {
      period,
      from,
      to,
      startEquity,
      endEquity: m.equity,
      change,
      changePct: startEquity !== 0 ? change / startEquity : 0,
      realized,
      unrealized,
      commissions,
      fills: fills.length,
      positions: [...bySymbol.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([symbol, v]) => ({ symbol, ...v })),
    };
  }
}

/** First day of the week (Monday) or month containing `date` (YYYY-MM-DD). */
function periodStart(period: 'day' | 'week' | 'month', date: string): string {
  if (period === 'day') return date;
  if (period === 'month') return `${date.slice(0, 8)}01`;
  const t = Date.parse(`${date}T00:00:00Z`);
  const dow = (new Date(t).getUTCDay() + 6) % 7; // Monday = 0
  return isoDate(t - dow * DAY);
}
