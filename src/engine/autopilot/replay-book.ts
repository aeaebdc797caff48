// The replay's simulated book: the contract's backtest semantics extended to several symbols. A target decided after
// a close is traded at the next open of its symbol only when it changed, to `shares = w * E_open / open` with
// E_open the whole book marked at that open; cost is taken from cash. With one symbol this is exactly runBacktest.
// It lives in memory: a replay never touches the user's paper account.

export interface ReplayFill {
  date: string;
  symbol: string;
  /** Signed shares traded. */
  shares: number;
  price: number;
  cost: number;
}

export class ReplayBook {
  cash: number;
  readonly shares = new Map<string, number>();
  /** Last close seen per symbol (marks a symbol on a day it has no bar). */
  private readonly lastClose = new Map<string, number>();
  /** Target last acted on per symbol (w[t-1] of the backtest; 0 at the window's start). */
  private readonly acted = new Map<string, number>();
  trades = 0;
  /** Sum over orders of |traded notional| / equity at that open. */
  turnover = 0;
  readonly fills: ReplayFill[] = [];

  constructor(
    readonly capital: number,
    private readonly costRate: number,
  ) {
    this.cash = capital;
  }

  /**
   * The open of a day: every symbol with a bar today whose target differs from the one last acted on trades to it.
   * `opens` holds today's open per symbol that has a bar today.
   */
  open(date: string, opens: ReadonlyMap<string, number>, targets: ReadonlyMap<string, number>): void {
    let pending = false;
    for (const [s, w] of targets) if (opens.has(s) && w !== (this.acted.get(s) ?? 0)) pending = true;
    if (!pending) return;
    let eOpen = this.cash;
    for (const [s, q] of this.shares) eOpen += q * (opens.get(s) ?? this.lastClose.get(s) ?? 0);
    for (const [s, w] of targets) {
      const po = opens.get(s);
      if (po === undefined || w === (this.acted.get(s) ?? 0)) continue;
      if (!(po > 0 && po < Infinity)) throw new Error(`replay: bad open ${po} for ${s} on ${date}`);
      const before = this.shares.get(s) ?? 0;
      const next = (w * eOpen) / po;
      const traded = next - before;
      const cost = this.costRate * Math.abs(traded) * po;
      this.cash -= traded * po + cost;
      this.shares.set(s, next);
      this.acted.set(s, w);
      this.trades++;
      if (eOpen > 0) this.turnover += (Math.abs(traded) * po) / eOpen;
      this.fills.push({ date, symbol: s, shares: traded, price: po, cost });
    }
  }

  /** Marks the book at the day's closes (symbols without a bar today keep their last close). */
  close(closes: ReadonlyMap<string, number>): number {
    for (const [s, c] of closes) this.lastClose.set(s, c);
    let e = this.cash;
    for (const [s, q] of this.shares) e += q * (this.lastClose.get(s) ?? 0);
    return e;
  }

  /**
   * Closes a symbol whose data stopped: its shares are sold (or bought back) at `price`, its last real close, with the
   * cost, and its target becomes 0. Nothing happens when it holds nothing.
   */
  closeStopped(date: string, symbol: string, price: number): void {
    const before = this.shares.get(symbol) ?? 0;
    this.acted.set(symbol, 0);
    if (before === 0) return;
    const cost = this.costRate * Math.abs(before) * price;
    this.cash += before * price - cost;
    this.shares.set(symbol, 0);
    this.trades++;
    this.fills.push({ date, symbol, shares: -before, price, cost });
  }

  /** Sum of |position value| / equity at the last marks (0 when equity is not positive). */
  grossExposure(equity: number): number {
    if (!(equity > 0)) return 0;
    let g = 0;
    for (const [s, q] of this.shares) g += Math.abs(q * (this.lastClose.get(s) ?? 0));
    return g / equity;
  }

  exposed(): boolean {
    for (const q of this.shares.values()) if (q !== 0) return true;
    return false;
  }
}
