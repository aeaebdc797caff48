// The leaderboard in words and a table, for the chat and the terminal alike: the window and cost first, the rows, and
// then what the selection statistics say about them, in plain sentences.
import type { LeaderboardDocument, LeaderboardRow } from './build-leaderboard.ts';
import { num, pct, plural } from '../../format.ts';

export interface LeaderboardText {
  /** The first line: what was ranked, on what window and cost. */
  headline: string;
  /** Header row first. */
  table: string[][];
  align: ('l' | 'r')[];
  /** Sentences after the table. */
  notes: string[];
}

const METRIC_LABEL: Record<LeaderboardDocument['metric'], string> = {
  sharpe: 'Sharpe',
  totalReturn: 'total return',
  cagr: 'CAGR',
  maxDrawdown: 'max drawdown (lowest first)',
};

function sharpeCell(r: LeaderboardRow): string {
  return r.sharpe === null ? 'ruined' : num(r.sharpe);
}

function ciCell(r: LeaderboardRow): string {
  return r.sharpeCI ? `${num(r.sharpeCI[0])}..${num(r.sharpeCI[1])}` : '-';
}

export function leaderboardText(doc: LeaderboardDocument, shown = 15): LeaderboardText {
  const bars = `${num(doc.window.bars, 0)} ${doc.timeframe === '1d' ? 'daily' : doc.timeframe} bars`;
  const headline =
    `Leaderboard of ${doc.symbol} by ${METRIC_LABEL[doc.metric]}: ${plural(doc.trials, 'model')} on one window, ` +
    `${doc.window.from}..${doc.window.to} (${bars}), net of ${num(doc.costBps, doc.costBps % 1 === 0 ? 0 : 2)} bps costs.`;
  const table = [
    ['#', 'model', 'Sharpe', '95% CI', 'PSR', 'return', 'max DD'],
    ...doc.rows.slice(0, shown).map((r) => [
      String(r.rank),
      r.model,
      sharpeCell(r),
      ciCell(r),
      r.psr === null ? '-' : num(r.psr),
      pct(r.totalReturn, 1),
      pct(r.maxDrawdown, 1),
    ]),
  ];
  const notes: string[] = [];
  const b = doc.benchmark;
  notes.push(`Buy-and-hold on the same window and cost: Sharpe ${b.sharpe === null ? 'n/a (ruined)' : num(b.sharpe)}, return ${pct(b.totalReturn, 1)}, max drawdown ${pct(b.maxDrawdown, 1)}.`);
  const top = doc.rows[0];
  if (top && doc.costBps > 0 && top.gross) {
    notes.push(`At zero cost ${top.model} would show Sharpe ${top.gross.sharpe === null ? 'n/a' : num(top.gross.sharpe)} and return ${pct(top.gross.totalReturn, 1)}.`);
  }
  if (doc.deflatedSharpe !== null && top) {
    notes.push(
      `Selection: ${plural(doc.trials, 'model')} tried. The top row's Deflated Sharpe Ratio is ${num(doc.deflatedSharpe)}` +
        (doc.expectedMaxSharpe !== null ? ` (the best Sharpe luck alone would give among ${doc.trials} is about ${num(doc.expectedMaxSharpe)})` : '') +
        (doc.pbo !== null ? `; the probability that picking the best is overfitting (CSCV, ${doc.pboBlocks} blocks) is ${num(doc.pbo)}.` : '.'),
    );
    notes.push(
      doc.skillEvident
        ? `The top row's Sharpe is unlikely to be luck alone (DSR at least 0.95), though past results do not guarantee future ones.`
        : `So this ranking cannot tell skill from luck: read it as what happened, not as a pick.`,
    );
  } else {
    notes.push('Too few models can be judged on this window to tell skill from luck.');
  }
  const ruined = doc.rows.filter((r) => r.ruined);
  if (ruined.length > 0) {
    const named = ruined.slice(0, 3).map((r) => `${r.model} (${r.ruinedOn})`).join(', ');
    notes.push(`${plural(ruined.length, 'model')} lost everything and stopped trading, ranked last: ${named}${ruined.length > 3 ? ', ...' : ''}.`);
  }
  if (doc.excluded.length > 0) notes.push(`Not ranked: ${plural(doc.excluded.length, 'model')} (${excludedSummary(doc.excluded)}).`);
  if (doc.oos) {
    const o = doc.oos;
    if (o.pairs.length === 0) notes.push('Out of sample: the window has too few whole years to follow a winner into the next one.');
    else {
      const meanRank = o.pairs.reduce((a, p) => a + p.outOfSampleRank, 0) / o.pairs.length;
      notes.push(
        `Out of sample: over ${plural(o.pairs.length, 'year')} each year's best model ranked ${num(meanRank, 0)} of ${o.pairs[0]!.models} on average the next year, ` +
          `in the better half ${pct(o.winnersInTopHalf ?? 0, 0)} of the time; the rank correlation between consecutive years averages ${num(o.meanRankCorrelation ?? Number.NaN)}.`,
      );
    }
  }
  notes.push("Rule models' figures are backtests (they have nothing to fit); learned models' are walk-forward (refit on past data only).");
  return { headline, table, align: ['r', 'l', 'r', 'l', 'r', 'r', 'r'], notes };
}

/** The out-of-sample table: one row per year pair. */
export function oosTable(doc: LeaderboardDocument): string[][] {
  if (!doc.oos || doc.oos.pairs.length === 0) return [];
  return [
    ['year', 'winner', 'Sharpe', 'next', 'rank', 'rho'],
    ...doc.oos.pairs.map((p) => [
      p.inSample.from.slice(0, 4),
      p.winner,
      num(p.inSampleSharpe),
      num(p.outOfSampleSharpe),
      `${p.outOfSampleRank}/${p.models}`,
      num(p.rankCorrelation),
    ]),
  ];
}

function excludedSummary(excluded: LeaderboardDocument['excluded']): string {
  // "macro-x needs ..." and "macro-y needs ..." group by what follows the id, cut to its first sentence.
  const groups = new Map<string, number>();
  for (const e of excluded) {
    const rest = e.reason.startsWith(e.model) ? e.reason.slice(e.model.length).trim() : e.reason;
    const first = rest.split(/(?<=[.;])\s/)[0]!.replace(/[.;]$/, '');
    groups.set(first, (groups.get(first) ?? 0) + 1);
  }
  const parts = [...groups].map(([reason, count]) => `${reason} (${count})`);
  return parts.length > 3 ? `${parts.slice(0, 3).join('; ')}; ...` : parts.join('; ');
}
