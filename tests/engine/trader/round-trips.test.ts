// Round-trip trades rebuilt from fills: FIFO across several entries, partial exits splitting a lot, a short, a flip,
// commissions shared by quantity, and the origin and exit reason of each trade; every figure computed by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundTrips, type FillOrigin } from '../../../src/engine/trader/round-trips.ts';
import type { Fill } from '../../../src/engine/trader/trader-service.ts';

let minute = 0;
function fill(orderId: number, symbol: string, side: 'buy' | 'sell', qty: number, price: number, commission = 0): Fill {
  minute++;
  const at = new Date(Date.UTC(2026, 0, 5, 15, minute)).toISOString();
  return { orderId, clientOrderId: `c${orderId}`, symbol, side, qty, price, commission, realizedPnl: 0, barDate: at.slice(0, 10), filledAt: at };
}

const origins = new Map<number, FillOrigin>([
  [1, { origin: 'chat', decisionKey: 'chat:console:local:1' }],
  [2, { origin: 'autopilot', decisionKey: 'autopilot:2026-01-05:SPX' }],
  [3, { origin: 'chat', decisionKey: 'chat:console:local:3' }],
  [4, { origin: 'autopilot', decisionKey: 'autopilot:2026-01-06:SPX' }],
]);

describe('round-trip trades', () => {
  it('closes lots first in, first out, splitting a lot on a partial exit, and keeps the rest open', () => {
    minute = 0;
    const fills = [
      fill(1, 'SPX', 'buy', 10, 100, 1), // lot A: 10 @ 100, commission 0.1/share
      fill(2, 'SPX', 'buy', 5, 110, 0.5), // lot B: 5 @ 110
      fill(3, 'SPX', 'sell', 12, 120, 1.2), // closes A (10) and 2 of B
    ];
    const trades = roundTrips(fills, (id) => origins.get(id));
    expect(trades).toHaveLength(3);
    const [a, b, rest] = trades;
    // A: (120 - 100) * 10 - (0.1 + 0.1) * 10 = 198
    expect(a).toMatchObject({ symbol: 'SPX', direction: 'long', qty: 10, entryPrice: 100, exitPrice: 120, origin: 'chat', exitReason: 'manual' });
    expect(a!.pnl).toBeCloseTo(198, 12);
    expect(a!.pnlPct).toBeCloseTo(198 / 1000, 12);
    // B's closed part: (120 - 110) * 2 - (0.1 + 0.1) * 2 = 19.6; it was the autopilot's entry
    expect(b).toMatchObject({ qty: 2, entryPrice: 110, origin: 'autopilot', entryDecision: 'autopilot:2026-01-05:SPX', exitReason: 'manual' });
    expect(b!.pnl).toBeCloseTo(19.6, 12);
    // the 3 shares of B left stay open
    expect(rest).toMatchObject({ qty: 3, entryPrice: 110, exitAt: null, pnl: null });
    expect(rest!.commission).toBeCloseTo(0.3, 12);
  });

  it('books a short and a flip from long to short, the exit reason naming who sold', () => {
    minute = 0;
    const fills = [
      fill(1, 'QQQ', 'sell', 4, 50), // a short of 4 @ 50
      fill(2, 'QQQ', 'buy', 6, 45), // covers 4 (+20), opens a long of 2 @ 45
      fill(4, 'QQQ', 'sell', 5, 47), // closes the long of 2 (+4), opens a short of 3 @ 47
    ];
    const trades = roundTrips(fills, (id) => origins.get(id));
    expect(trades.map((t) => [t.direction, t.qty, t.pnl, t.exitReason])).toEqual([
      ['short', 4, 20, 'autopilot'],
      ['long', 2, 4, 'autopilot'],
      ['short', 3, null, null],
    ]);
  });

  it('keeps symbols apart and calls an order it does not know external', () => {
    minute = 0;
    const trades = roundTrips([fill(9, 'SPX', 'buy', 1, 10), fill(1, 'QQQ', 'buy', 1, 20), fill(9, 'SPX', 'sell', 1, 11)], (id) => origins.get(id));
    expect(trades.map((t) => [t.symbol, t.origin, t.pnl])).toEqual([
      ['SPX', 'external', 1],
      ['QQQ', 'chat', null],
    ]);
  });

  it('the realised P&L of the trades equals the cash the fills moved once every position is flat', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ buy: fc.boolean(), qty: fc.integer({ min: 1, max: 20 }), price: fc.integer({ min: 50, max: 150 }) }), { minLength: 1, maxLength: 30 }),
        (steps) => {
          minute = 0;
          const fills: Fill[] = [];
          let position = 0;
          for (const s of steps) {
            fills.push(fill(1, 'SPX', s.buy ? 'buy' : 'sell', s.qty, s.price, s.qty * 0.01));
            position += s.buy ? s.qty : -s.qty;
          }
          if (position !== 0) fills.push(fill(3, 'SPX', position > 0 ? 'sell' : 'buy', Math.abs(position), 100, 0));
          const cash = fills.reduce((sum, f) => sum + (f.side === 'sell' ? 1 : -1) * f.qty * f.price - f.commission, 0);
          const trades = roundTrips(fills, (id) => origins.get(id));
          expect(trades.every((t) => t.exitAt !== null)).toBe(true);
          expect(trades.reduce((sum, t) => sum + t.pnl!, 0)).toBeCloseTo(cash, 8);
        },
      ),
      { numRuns: 200, seed: 5 },
    );
  });
});
