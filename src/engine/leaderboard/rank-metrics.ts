// The metrics a trading leaderboard ranks by (the backtest's), and which way is better. A leaf: the CLI reads it to
// describe its options without loading the leaderboard.
export const TRADED_RANK_METRICS = { sharpe: false, totalReturn: false, cagr: false, maxDrawdown: true } as const;
export type TradedRankMetric = keyof typeof TRADED_RANK_METRICS;

export function isTradedRankMetric(name: string): name is TradedRankMetric {
  return Object.hasOwn(TRADED_RANK_METRICS, name);
}
