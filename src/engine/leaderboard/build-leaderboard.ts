// The leaderboard a quant would sign: every traded model backtested again from its stored out-of-sample output on ONE
// common window, net of a realistic cost, each Sharpe with a bootstrap interval and its Probabilistic Sharpe Ratio, and
// the ranking as a whole judged for selection: how many were tried, the Deflated Sharpe Ratio of the top row and the
// probability of backtest overfitting (CSCV).
import { allModels, evaluationKind, getModel } from '../../registry/catalog.ts';
import type { BarSeries, OutputKind } from '../../registry/model.ts';
import { PERIODS_PER_YEAR } from '../backtest/periods-per-year.ts';
import { runBacktest } from '../backtest/run-backtest.ts';
import type { Timeframe } from '../data/bar.ts';
import type { Db } from '../db/database.ts';
import { dataHash } from '../evaluate/data-hash.ts';
import { absentBarFields, missingInputs } from '../evaluate/missing-inputs.ts';
import { storedOutputs } from '../evaluate/output-store.ts';
import { SCORING_VERSION } from '../evaluate/run-evaluation.ts';
import { probabilityOfOverfitting } from '../rank/backtest-overfitting.ts';
import { bootstrapPaths, sharpeIntervalOnPaths } from '../rank/bootstrap-sharpe.ts';
import { probabilisticSharpe } from '../rank/probabilistic-sharpe.ts';
import { rankingDeflatedSharpe } from '../rank/ranking-deflated-sharpe.ts';
import { returnMoments } from '../rank/return-moments.ts';
import { UserError } from '../user-error.ts';
import { chooseCommonWindow } from './common-window.ts';
import { equityReturns } from './equity-returns.ts';
import { oosSelection, type OosSelection } from './oos-selection.ts';
import { tradedWeights } from './traded-weights.ts';

import { TRADED_RANK_METRICS, type TradedRankMetric } from './rank-metrics.ts';
import { isoDate } from '../../calendar/dates.ts';
export { isTradedRankMetric, TRADED_RANK_METRICS, type TradedRankMetric } from './rank-metrics.ts';

/** Below this Deflated Sharpe Ratio the ranking cannot tell skill from luck (the issue's and the paper's 95%). */
export const DSR_CONFIDENCE = 0.95;
export const DEFAULT_BOOTSTRAP_SEED = 20_141_231;
export const DEFAULT_BOOTSTRAP_RESAMPLES = 1000;
export const CSCV_BLOCKS = 16;

export interface LeaderboardRow {
  rank: number;
  model: string;
  output: OutputKind;
  /** 'backtest' for rule models (nothing to fit), 'walk-forward' for learned ones. */
  kind: 'backtest' | 'walk-forward';
  /** Annualised, net of cost; null when ruined (not a skill figure then). */
  sharpe: number | null;
  /** Seeded stationary-bootstrap 95% interval of the annualised Sharpe; null when ruined. */
  sharpeCI: [number, number] | null;
  /** Probabilistic Sharpe Ratio against 0 (the probability that the true Sharpe is above 0); null when ruined. */
  psr: number | null;
  totalReturn: number;
  cagr: number;
  maxDrawdown: number;
  trades: number;
  exposure: number;
  ruined: boolean;
  ruinedOn?: string;
  /** The same at zero cost, when the cost is not zero. */
  gross?: { sharpe: number | null; totalReturn: number };
}

export interface LeaderboardDocument {
  symbol: string;
  timeframe: Timeframe;
  metric: TradedRankMetric;
  window: { from: string; to: string; bars: number };
  costBps: number;
  /** Models ranked (every one tried on the window, ruined ones included). */
  trials: number;
  /** DSR of the top row given `trials` (a probability); null with fewer than 2 trials that can be judged. */
  deflatedSharpe: number | null;
  /** The best annualised Sharpe luck alone would be expected to give among `trials` (the DSR's benchmark). */
  expectedMaxSharpe: number | null;
  /** Probability of backtest overfitting by CSCV over `pboBlocks` blocks; null with fewer than 2 strategies. */
  pbo: number | null;
  pboBlocks: number;
  /** True when the top row's DSR is at least 0.95: only then is anything called a pick. */
  skillEvident: boolean;
  rows: LeaderboardRow[];
  excluded: { model: string; reason: string }[];
  /** Buy-and-hold on the same window and cost, for reading the rows (also ranked as a row when evaluated). */
  benchmark: { sharpe: number | null; totalReturn: number; maxDrawdown: number };
  /** With `oos`: the in-sample winners of each calendar year and how they did the next year. */
  oos?: OosSelection;
}

/** What the leaderboard reads bars through (the bar store). */
export interface LeaderboardBars {
  readBars(symbol: string, timeframe: Timeframe): Promise<BarSeries>;
  timeframesOf(symbol: string): Promise<Timeframe[]>;
  symbols(): Promise<string[]>;
}

export interface LeaderboardQuery {
  symbol: string;
  metric?: TradedRankMetric;
  from?: string;
  to?: string;
  costBps: number;
  /** Default: daily when stored, else the symbol's own timeframe. */
  timeframe?: Timeframe;
  seed?: number;
  resamples?: number;
  /** Also show how each past period's in-sample winner did in the next period. */
  oos?: boolean;
  /** Rank only models of these outputs (default positions and return forecasts). */
  outputs?: readonly OutputKind[];
}

const TIMEFRAME_PREFERENCE: Timeframe[] = ['1d', '1wk', '1mo', '1h', '1m'];

/** The symbol's bars at the asked timeframe, or daily when stored, else its own; a UserError naming what is stored. */
export async function leaderboardBars(reader: LeaderboardBars, symbol: string, wanted?: Timeframe): Promise<{ bars: BarSeries; timeframe: Timeframe }> {
  const timeframes = await reader.timeframesOf(symbol);
  if (timeframes.length === 0) {
    const known = await reader.symbols();
    throw new UserError(`There is no data for ${symbol}; the store holds ${known.join(', ') || 'nothing yet'}.`);
  }
  if (wanted && !timeframes.includes(wanted)) throw new UserError(`${symbol} has no ${wanted} bars (it has ${timeframes.join(', ')}).`);
  const timeframe = wanted ?? TIMEFRAME_PREFERENCE.find((t) => timeframes.includes(t)) ?? timeframes[0]!;
  return { bars: await reader.readBars(symbol, timeframe), timeframe };
}

/** The fingerprint evaluations of these bars are stored under (the scoring version included). */
export function evaluationHash(bars: BarSeries): string {
  return `${dataHash(bars)}-s${SCORING_VERSION}`;
}

interface Trial {
  row: LeaderboardRow;
  returns: Float64Array;
}

/** The document and what it was computed from: each ranked model's returns on the window, and their dates. */
export interface MeasuredLeaderboard {
  doc: LeaderboardDocument;
  /** Per row (same order as doc.rows): the strategy's close-to-close returns over the window, net of cost. */
  returns: Float64Array[];
  /** Date of each return (the bar it ends on). */
  dates: string[];
  /** Buy-and-hold's returns on the same window and cost. */
  benchmarkReturns: Float64Array;
  periodsPerYear: number;
}

export async function buildLeaderboard(db: Db, reader: LeaderboardBars, q: LeaderboardQuery): Promise<LeaderboardDocument> {
  return (await measureLeaderboard(db, reader, q)).doc;
}

export async function measureLeaderboard(db: Db, reader: LeaderboardBars, q: LeaderboardQuery): Promise<MeasuredLeaderboard> {
  const symbol = q.symbol.trim().toUpperCase();
  const metric = q.metric ?? 'sharpe';
  if (!(Number.isFinite(q.costBps) && q.costBps >= 0)) throw new UserError(`The cost must be zero or more basis points, got ${q.costBps}.`);
  const { bars, timeframe } = await leaderboardBars(reader, symbol, q.timeframe);
  const periodsPerYear = PERIODS_PER_YEAR[timeframe];
  const hash = evaluationHash(bars);
  const stored = await storedOutputs(db, symbol, timeframe);
  const wanted = (o: { output: OutputKind }) => !q.outputs || q.outputs.includes(o.output);
  const current = stored.filter((o) => wanted(o) && o.dataHash === hash && o.values.length === bars.length && getModel(o.modelId));
  const excluded: LeaderboardDocument['excluded'] = stored
    .filter((o) => wanted(o) && !current.includes(o) && getModel(o.modelId))
    .map((o) => ({ model: o.modelId, reason: `evaluated on other data than the ${symbol} bars stored now; evaluate it again` }));
  if (current.length === 0) {
    throw new UserError(
      `No ${q.outputs?.length === 1 ? `${q.outputs[0]} model` : 'trading model'} has a walk-forward result on the ${symbol} ${timeframe} bars stored now, so there is no measured leaderboard. ` +
        `Run /evaluate symbols=${symbol} in the chat, or \`mltrainer leaderboard --symbol ${symbol}\`, which evaluates every trading model first.`,
    );
  }
  const win = chooseCommonWindow(
    bars,
    current.map((o) => ({ modelId: o.modelId, firstIndex: o.firstIndex })),
    { from: q.from, to: q.to },
  );
  excluded.push(...win.excluded);
  const { fromIndex, toIndex } = win;
  const n = toIndex - fromIndex + 1;
  const paths = bootstrapPaths(n - 1, { seed: q.seed ?? DEFAULT_BOOTSTRAP_SEED, resamples: q.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES });

  const trials: Trial[] = [];
  const included = new Set(win.included);
  for (const o of current) {
    if (!included.has(o.modelId)) continue;
    const weights = tradedWeights(o.output, o.values);
    const net = runBacktest(bars, weights, { fromIndex, toIndex, costBps: q.costBps, periodsPerYear });
    const ruined = net.ruined;
    const returns = equityReturns(net.equity);
    const moments = returnMoments(returns);
    const row: LeaderboardRow = {
      rank: 0,
      model: o.modelId,
      output: o.output,
      kind: evaluationKind(o.modelId),
      sharpe: ruined ? null : net.metrics.sharpe,
      sharpeCI: ruined ? null : sharpeIntervalOnPaths(returns, paths, { periodsPerYear }),
      psr: ruined ? null : probabilisticSharpe(moments.sharpe, 0, moments.n, moments.skew, moments.kurtosis),
      totalReturn: net.metrics.totalReturn,
      cagr: net.metrics.cagr,
      maxDrawdown: net.metrics.maxDrawdown,
      trades: net.metrics.trades,
      exposure: net.metrics.exposure,
      ruined,
    };
    if (net.ruinedOn) row.ruinedOn = net.ruinedOn;
    if (q.costBps > 0) {
      const gross = runBacktest(bars, weights, { fromIndex, toIndex, costBps: 0, periodsPerYear });
      row.gross = { sharpe: gross.ruined ? null : gross.metrics.sharpe, totalReturn: gross.metrics.totalReturn };
    }
    trials.push({ row, returns });
  }

  // Best first by the metric; ruined models last whatever their figures; ties by id so the order is reproducible.
  const lowerIsBetter = TRADED_RANK_METRICS[metric];
  const value = (r: LeaderboardRow) => (metric === 'sharpe' ? (r.sharpe ?? -Infinity) : r[metric]);
  trials.sort((a, b) => {
    if (a.row.ruined !== b.row.ruined) return a.row.ruined ? 1 : -1;
    const d = lowerIsBetter ? value(a.row) - value(b.row) : value(b.row) - value(a.row);
    return d !== 0 && !Number.isNaN(d) ? d : a.row.model < b.row.model ? -1 : 1;
  });
  trials.forEach((t, i) => (t.row.rank = i + 1));

  // Selection statistics over the strategies that did not ruin (a ruined equity's returns are not a return series).
  const judged = trials.filter((t) => !t.row.ruined);
  const judgedReturns = judged.map((t) => t.returns);
  let deflatedSharpe: number | null = null;
  let expectedMaxSharpe: number | null = null;
  if (judged.length >= 2) {
    // The trials in the order the registry tries them (the DSR's luck benchmark follows the search), the top row judged.
    const order = catalogOrder();
    const tried = [...judged].sort((a, b) => (order.get(a.row.model) ?? 0) - (order.get(b.row.model) ?? 0));
    const d = rankingDeflatedSharpe(tried.map((t) => t.returns), tried.indexOf(judged[0]!), trials.length);
    deflatedSharpe = finiteOrNull(d.dsr);
    expectedMaxSharpe = finiteOrNull(d.expectedMax * Math.sqrt(periodsPerYear));
  }
  const pbo = judged.length >= 2 ? finiteOrNull(probabilityOfOverfitting(judgedReturns, { blocks: CSCV_BLOCKS }).pbo) : null;

  let oos: OosSelection | undefined;
  const dates = Array.from({ length: n - 1 }, (_, k) => isoDate(bars.time[fromIndex + k + 1]!));
  if (q.oos) {
    oos = oosSelection(judged.map((t) => t.row.model), judgedReturns, dates, periodsPerYear);
  }
  const bh = runBacktest(bars, new Float64Array(bars.length).fill(1), { fromIndex, toIndex, costBps: q.costBps, periodsPerYear });
  const doc: LeaderboardDocument = {
    symbol,
    timeframe,
    metric,
    window: { from: isoDate(bars.time[fromIndex]!), to: isoDate(bars.time[toIndex]!), bars: n },
    costBps: q.costBps,
    trials: trials.length,
    deflatedSharpe,
    expectedMaxSharpe,
    pbo,
    pboBlocks: CSCV_BLOCKS,
    skillEvident: deflatedSharpe !== null && deflatedSharpe >= DSR_CONFIDENCE,
    rows: trials.map((t) => t.row),
    excluded: excluded.concat(unevaluated(bars, symbol, timeframe, new Set(stored.map((o) => o.modelId)), q.outputs)),
    benchmark: { sharpe: bh.ruined ? null : bh.metrics.sharpe, totalReturn: bh.metrics.totalReturn, maxDrawdown: bh.metrics.maxDrawdown },
    ...(oos ? { oos } : {}),
  };
  return { doc, returns: trials.map((t) => t.returns), dates, benchmarkReturns: equityReturns(bh.equity), periodsPerYear };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Traded models of the registry with no stored output on this symbol: why (inputs the data lacks), or not evaluated yet. */
function unevaluated(
  bars: BarSeries,
  symbol: string,
  timeframe: Timeframe,
  stored: ReadonlySet<string>,
  outputs?: readonly OutputKind[],
): { model: string; reason: string }[] {
  const out: { model: string; reason: string }[] = [];
  const absent = absentBarFields(bars);
  for (const id of tradedModelIds()) {
    const model = getModel(id)!; // an id of the registry's own list
    if (stored.has(id) || (outputs && !outputs.includes(model.output))) continue;
    const reason = missingInputs(model, bars, `${symbol} ${timeframe}`, absent, {});
    out.push({ model: id, reason: reason ?? 'not evaluated on this data yet' });
  }
  return out;
}

let catalogIndex: Map<string, number> | undefined;
/** Each model's position in the registry: the order its trials are made in. */
function catalogOrder(): Map<string, number> {
  catalogIndex ??= new Map(allModels().map((m, i) => [m.id, i]));
  return catalogIndex;
}

let tradedIds: string[] | undefined;
/** Every registry model whose output can be traded (positions and return forecasts). */
export function tradedModelIds(): string[] {
  tradedIds ??= allModels()
    .filter((m) => m.output === 'position' || m.output === 'forecast')
    .map((m) => m.id);
  return tradedIds;
}
