// An independent, deliberately plain re-reading of the contract's backtest semantics, used only to cross-check the
// engine: arrays of objects, two-pass statistics, no shared code with src/engine/backtest.
export interface NaiveResult {
  equity: number[];
  totalReturn: number;
  cagr: number;
  sharpe: number;
  maxDrawdown: number;
  trades: number;
  exposure: number;
}

export function naiveBacktest(
  open: ArrayLike<number>,
  close: ArrayLike<number>,
  w: ArrayLike<number>,
  from: number,
  to: number,
  capital: number,
  costBps: number,
  periodsPerYear = 252,
): NaiveResult {
  const cost = costBps / 10000;
  const equity: number[] = [];
  const held: number[] = [];
  let cash = capital;
  let shares = 0;
  let trades = 0;
  let acted = 0;
  let ruined = false;
  for (let t = from; t <= to; t++) {
    if (t > from) {
      // After ruin every target is 0; an order never sizes from equity that is not positive.
      const target = ruined ? 0 : w[t - 1]!;
      if (target !== acted) {
        const value = cash + shares * open[t]!;
        if (!(value > 0)) ruined = true;
        const wanted = value > 0 ? (target * value) / open[t]! : 0;
        cash = cash - (wanted - shares) * open[t]! - cost * Math.abs(wanted - shares) * open[t]!;
        shares = wanted;
        trades += 1;
      }
      acted = target;
    }
    const e = cash + shares * close[t]!;
    if (!(e > 0)) ruined = true;
    equity.push(e);
    held.push(shares);
  }
  const n = equity.length;
  const rets = equity.slice(1).map((e, i) => e / equity[i]! - 1);
  const mean = rets.reduce((a, b) => a + b, 0) / rets.length;
  const variance = rets.length > 1 ? rets.reduce((a, b) => a + (b - mean) ** 2, 0) / (rets.length - 1) : 0;
  const std = Math.sqrt(variance);
  let peak = -Infinity;
  let mdd = 0;
  for (const e of equity) {
    peak = Math.max(peak, e);
    mdd = Math.max(mdd, 1 - e / peak);
  }
  const last = equity[n - 1]!;
  return {
    equity,
    totalReturn: last / capital - 1,
    cagr: n > 1 ? (last > 0 ? (last / capital) ** (periodsPerYear / (n - 1)) - 1 : -1) : 0,
    sharpe: ruined ? Number.NaN : std > 0 ? (mean / std) * Math.sqrt(periodsPerYear) : 0,
    maxDrawdown: mdd,
    trades,
    exposure: held.filter((s) => s !== 0).length / n,
  };
}
