// What /recommend stands on: the models ranked by their Sharpe over the trailing lookback only (net of cost, out of
// sample), whether the best of them beats what luck alone would give among so many (Deflated Sharpe Ratio), and how
// this very way of choosing fared when it was run on the past (nested walk-forward).
import type { Db } from '../db/database.ts';
import { probabilisticSharpe } from '../rank/probabilistic-sharpe.ts';
import { rankingDeflatedSharpe } from '../rank/ranking-deflated-sharpe.ts';
import { returnMoments } from '../rank/return-moments.ts';
import { DSR_CONFIDENCE, measureLeaderboard, type LeaderboardBars, type LeaderboardRow } from './build-leaderboard.ts';
import { nestedSelection, type NestedSelection } from './nested-selection.ts';
import { periodSharpe } from './oos-selection.ts';

export interface RecommendedModel {
  model: string;
  output: LeaderboardRow['output'];
  kind: LeaderboardRow['kind'];
  /** Annualised Sharpe over the lookback, net of cost. */
  sharpe: number;
  /** Probabilistic Sharpe Ratio against 0 over the lookback. */
  psr: number;
}

export interface Recommendation {
  symbol: string;
  timeframe: string;
  costBps: number;
  /** The lookback the models are ranked on (the last bars of the common window). */
  lookback: { from: string; to: string; bars: number };
  /** Models that could be chosen (not ruined on the window). */
  trials: number;
  top: RecommendedModel[];
  deflatedSharpe: number | null;
  expectedMaxSharpe: number | null;
  skillEvident: boolean;
  /** Choosing this way in the past, scored on the period after each choice. */
  track: NestedSelection;
}

export async function recommendModels(db: Db, reader: LeaderboardBars, q: { symbol: string; costBps: number; count?: number }): Promise<Recommendation> {
  const measured = await measureLeaderboard(db, reader, { symbol: q.symbol, costBps: q.costBps, resamples: 1 });
  const { doc, dates, periodsPerYear: P } = measured;
  const keep = doc.rows.map((r, i) => ({ r, x: measured.returns[i]! })).filter((t) => !t.r.ruined);
  const n = dates.length;
  // Three years when there is room for a past to learn from, else half the window.
  const lookbackBars = Math.max(2, Math.min(3 * P, Math.floor(n / 2)));
  const from = n - lookbackBars;
  const scored = keep
    .map((t) => ({ t, sharpe: periodSharpe(t.x, from, n - 1, P) }))
    .sort((a, b) => b.sharpe - a.sharpe || (a.t.r.model < b.t.r.model ? -1 : 1));
  const top = scored.slice(0, q.count ?? 3).map(({ t, sharpe }) => {
    const m = returnMoments(t.x, from, n);
    return { model: t.r.model, output: t.r.output, kind: t.r.kind, sharpe, psr: probabilisticSharpe(m.sharpe, 0, m.n, m.skew, m.kurtosis) };
  });
  let deflatedSharpe: number | null = null;
  let expectedMaxSharpe: number | null = null;
  if (scored.length >= 2) {
    const d = rankingDeflatedSharpe(scored.map((s) => s.t.x.subarray(from)), 0, scored.length);
    deflatedSharpe = Number.isFinite(d.dsr) ? d.dsr : null;
    expectedMaxSharpe = Number.isFinite(d.expectedMax) ? d.expectedMax * Math.sqrt(P) : null;
  }
  const track = nestedSelection(
    keep.map((t) => t.r.model),
    keep.map((t) => t.x),
    measured.benchmarkReturns,
    dates,
    { lookbackBars, holdBars: Math.max(1, Math.round(P)), periodsPerYear: P },
  );
  return {
    symbol: doc.symbol,
    timeframe: doc.timeframe,
    costBps: doc.costBps,
    lookback: { from: dates[from]!, to: dates[n - 1]!, bars: lookbackBars },
    trials: scored.length,
    top,
    deflatedSharpe,
    expectedMaxSharpe,
    skillEvident: deflatedSharpe !== null && deflatedSharpe >= DSR_CONFIDENCE,
    track,
  };
}
