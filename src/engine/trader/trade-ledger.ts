// The book's round-trip trades, kept in `trader_trades` and rebuilt from the fills and their orders every time they
// are read, in one transaction: the same fills always give the same rows, and a fill booked by any path (an order, a
// reconciliation, a restart) is in the next reading.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { traderTrades } from '../db/schema/index.ts';
import type { Book } from './book.ts';
import { protectiveKind, roundTrips, type FillOrigin, type Trade } from './round-trips.ts';
import type { BrokerKind } from './trader-service.ts';

export class TradeLedger {
  constructor(
    private readonly db: Db,
    private readonly broker: BrokerKind,
    private readonly book: Book,
  ) {}

  /** Every trade of this broker's book, closed ones as they closed, then the open ones; stored as read. */
  async trades(dayOf: (ms: number) => string): Promise<Trade[]> {
    const [fills, orders] = await Promise.all([this.book.fills(), this.book.listOrders('all')]);
    const byId = new Map<number, FillOrigin>(orders.map((o) => [o.id, { origin: o.origin, decisionKey: o.decisionKey ?? null, protective: protectiveKind(o) }]));
    const trades = roundTrips(fills, (id) => byId.get(id), dayOf);
    await this.db.transaction(async (tx) => {
      await tx.delete(traderTrades).where(eq(traderTrades.broker, this.broker));
      const rows = trades.map((t, seq) => ({
        ...t,
        broker: this.broker,
        seq,
        entryAt: new Date(t.entryAt),
        exitAt: t.exitAt === null ? null : new Date(t.exitAt),
      }));
      for (let i = 0; i < rows.length; i += 500) await tx.insert(traderTrades).values(rows.slice(i, i + 500));
    });
    return trades;
  }
}
