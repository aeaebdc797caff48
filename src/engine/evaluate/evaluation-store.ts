// The stored walk-forward results: one row per model, symbol, timeframe and window (with the data's fingerprint, so a
// rerun on unchanged data is skipped), the leaderboard ranked from them, and a bounded tail of out-of-sample predictions.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { BarSeries, OutputKind } from '../../registry/model.ts';
import type { Db } from '../db/database.ts';
import { evaluations, predictions } from '../db/schema/index.ts';
import { leaderboardMetric, leaderboardOutputs } from './leaderboard-metrics.ts';
import { saveOutput, TRADED_OUTPUTS } from './output-store.ts';
import { predictionOutcome } from './prediction-outcome.ts';
import { isoDate } from '../../calendar/dates.ts';

/** One evaluation result as stored. Metrics that are not finite (NaN: undefined for this output) are stored as null. */
export interface EvaluationRecord {
  modelId: string;
  symbol: string;
  timeframe: string;
  /** The scored window, YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  dataHash: string;
  output: OutputKind;
  bars: number;
  metrics: Record<string, number | null>;
  /** Seconds the model's run and scoring took. */
  seconds: number;
}

export interface StoredEvaluationRow extends EvaluationRecord {
  evaluatedAt: Date;
}

export interface LeaderboardQuery {
  /** Omitted: every symbol. */
  symbol?: string;
  /** Omitted: every timeframe. */
  timeframe?: string;
  /** A name (or alias) from LEADERBOARD_METRICS, e.g. sharpe (default), maxDrawdown, qlike, kupiec, z2. */
  metric?: string;
  /**
   * Rank only models of these outputs (each must carry the metric); default the metric's own: position and forecast
   * for backtest metrics, volatility for rmse.
   */
  output?: OutputKind | readonly OutputKind[];
  /** At most this many rows (default all). */
  limit?: number;
}

export interface LeaderboardRow extends StoredEvaluationRow {
  rank: number;
  /** The ranked value (the stored metric, or what is derived from it: |Z2| for z2). */
  value: number;
}

export interface LeaderboardResult {
  /** The metric's canonical name (kupiec when asked for kupiecPValue). */
  metric: string;
  /** Its column heading, e.g. |Z2|. */
  label: string;
  lowerIsBetter: boolean;
  /** The outputs ranked. */
  outputs: OutputKind[];
  /** How many models had a finite value before `limit` cut the list. */
  measured: number;
  rows: LeaderboardRow[];
}

export interface PredictionKey {
  modelId: string;
  symbol: string;
  timeframe: string;
  output: OutputKind;
}

export interface SavePredictionsOptions {
  /** The scored window: only predictions made after bars fromIndex..toIndex are kept. */
  fromIndex: number;
  toIndex?: number;
  /** How many of the newest predictions to keep (default 252, a year of daily bars). */
  keep?: number;
}

export interface StoredPrediction {
  date: string;
  value: number;
  outcome: number | null;
}

export const DEFAULT_KEPT_PREDICTIONS = 252;

/** The Db handle or a transaction on it (both run the same queries). */
type Queryable = Pick<Db, 'select' | 'selectDistinctOn' | 'insert' | 'delete'>;

function finiteOrNull(metrics: Record<string, number | null>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(metrics)) out[k] = typeof v === 'number' && Number.isFinite(v) ? v : null;
  return out;
}

function toRow(r: typeof evaluations.$inferSelect): StoredEvaluationRow {
  return {
    modelId: r.modelId,
    symbol: r.symbol,
    timeframe: r.timeframe,
    from: r.windowFrom,
    to: r.windowTo,
    dataHash: r.dataHash,
    output: r.output,
    bars: r.bars,
    metrics: r.metrics,
    seconds: r.seconds,
    evaluatedAt: r.createdAt,
  };
}

export class EvaluationStore {
  constructor(private readonly db: Db) {}

  /** Upserts one row per model, symbol, timeframe and window; a rerun replaces the row and stamps it anew. */
  async save(records: readonly EvaluationRecord[]): Promise<void> {
    if (records.length > 0) await this.upsert(this.db, records);
  }

  /** Stores one result and its predictions together, so a result is never stored without its predictions. */
  async saveResult(
    record: EvaluationRecord,
    prediction?: { bars: BarSeries; values: Float64Array; opts: SavePredictionsOptions },
    wholeOutput?: { values: Float64Array; firstIndex: number },
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.upsert(tx, [record]);
      if (prediction) await this.writePredictions(tx, record, prediction.bars, prediction.values, prediction.opts);
      // A traded model's whole output is kept with its result, so a leaderboard can trade it again on any window.
      if (wholeOutput && TRADED_OUTPUTS.includes(record.output)) {
        await saveOutput(tx, { ...record, firstIndex: wholeOutput.firstIndex, values: wholeOutput.values });
      }
    });
  }

  /** Whether this model was evaluated on exactly this data (same fingerprint), optionally on this window. */
  async has(key: { modelId: string; symbol: string; timeframe: string; dataHash: string; from?: string; to?: string }): Promise<boolean> {
    const conditions = [
      eq(evaluations.modelId, key.modelId),
      eq(evaluations.symbol, key.symbol),
      eq(evaluations.timeframe, key.timeframe),
      eq(evaluations.dataHash, key.dataHash),
    ];
    if (key.from) conditions.push(eq(evaluations.windowFrom, key.from));
    if (key.to) conditions.push(eq(evaluations.windowTo, key.to));
    const rows = await this.db.select({ modelId: evaluations.modelId }).from(evaluations).where(and(...conditions)).limit(1);
    return rows.length > 0;
  }

  /** The ids of the models already evaluated on this symbol's data with this fingerprint (one query for a whole plan). */
  async evaluatedModels(symbol: string, timeframe: string, dataHash: string): Promise<Set<string>> {
    const rows = await this.db
      .selectDistinct({ modelId: evaluations.modelId })
      .from(evaluations)
      .where(and(eq(evaluations.symbol, symbol), eq(evaluations.timeframe, timeframe), eq(evaluations.dataHash, dataHash)));
    return new Set(rows.map((r) => r.modelId));
  }

  /** The longest a model's evaluation has taken on any data, per model id: the run orders its tasks slowest first. */
  async secondsByModel(): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ modelId: evaluations.modelId, seconds: sql<number>`max(${evaluations.seconds})` })
      .from(evaluations)
      .groupBy(evaluations.modelId);
    return new Map(rows.map((r) => [r.modelId, Number(r.seconds)]));
  }

  /** The newest row of each (model, symbol, timeframe), filtered. */
  async latest(filter: { symbol?: string; timeframe?: string; modelId?: string; outputs?: readonly OutputKind[] } = {}): Promise<StoredEvaluationRow[]> {
    const conditions = [];
    if (filter.symbol) conditions.push(eq(evaluations.symbol, filter.symbol));
    if (filter.timeframe) conditions.push(eq(evaluations.timeframe, filter.timeframe));
    if (filter.modelId) conditions.push(eq(evaluations.modelId, filter.modelId));
    if (filter.outputs) conditions.push(inArray(evaluations.output, [...filter.outputs]));
    const rows = await this.db
      .selectDistinctOn([evaluations.modelId, evaluations.symbol, evaluations.timeframe])
      .from(evaluations)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(evaluations.modelId, evaluations.symbol, evaluations.timeframe, desc(evaluations.createdAt), desc(evaluations.windowTo));
    return rows.map(toRow);
  }

  /**
   * Models ranked by a metric from their newest evaluation: best first (highest, or lowest for drawdown, RMSE, QLIKE,
   * breach error and |Z2|), ties by model id; models whose metric is undefined (null) are left out, so an ES model
   * (no Kupiec test) never ranks by kupiec and a VaR never by z2.
   */
  async leaderboard(q: LeaderboardQuery = {}): Promise<LeaderboardResult> {
    const m = leaderboardMetric(q.metric ?? 'sharpe');
    const outputs = leaderboardOutputs(m, q.output);
    const rows = await this.latest({ symbol: q.symbol, timeframe: q.timeframe, outputs });
    const sign = m.lowerIsBetter ? 1 : -1;
    // A model whose equity reached zero is ranked last by every metric (its Sharpe is not a skill figure).
    const ruined = (r: StoredEvaluationRow) => m.outputs.includes('position') && r.metrics.ruined === 1;
    const ranked = rows
      .map((r) => ({ r, v: ruined(r) ? Number.NaN : m.value(r.metrics) }))
      .filter((x): x is { r: StoredEvaluationRow; v: number } => x.v !== null)
      .sort(
        (a, b) =>
          Number(ruined(a.r)) - Number(ruined(b.r)) ||
          (ruined(a.r) ? 0 : sign * (a.v - b.v)) ||
          (a.r.modelId < b.r.modelId ? -1 : a.r.modelId > b.r.modelId ? 1 : a.r.symbol < b.r.symbol ? -1 : 1),
      );
    const limited = q.limit === undefined ? ranked : ranked.slice(0, Math.max(0, q.limit));
    return {
      metric: m.name,
      label: m.label,
      lowerIsBetter: m.lowerIsBetter,
      outputs: [...outputs],
      measured: ranked.length,
      rows: limited.map(({ r, v }, i) => ({ ...r, rank: i + 1, value: v })),
    };
  }

  /** A model's newest evaluation on every symbol and timeframe (the measured figures of its model card). */
  async forModel(modelId: string): Promise<StoredEvaluationRow[]> {
    return this.latest({ modelId });
  }

  /**
   * Keeps the newest `keep` out-of-sample predictions of a result (finite values made after bars in the scored
   * window), each with its realized outcome, replacing the ones an earlier evaluation stored. Returns how many.
   */
  async savePredictions(key: PredictionKey, bars: BarSeries, values: Float64Array, opts: SavePredictionsOptions): Promise<number> {
    return this.db.transaction((tx) => this.writePredictions(tx, key, bars, values, opts));
  }

  /** The stored evaluation predictions of a model on a symbol, oldest first. */
  async predictionsOf(modelId: string, symbol: string, timeframe = '1d'): Promise<StoredPrediction[]> {
    const rows = await this.db
      .select({ date: predictions.date, value: predictions.value, outcome: predictions.outcome })
      .from(predictions)
      .where(
        and(
          eq(predictions.modelId, modelId),
          eq(predictions.symbol, symbol),
          eq(predictions.timeframe, timeframe),
          eq(predictions.origin, 'evaluate'),
          eq(predictions.horizon, 1),
        ),
      )
      .orderBy(asc(predictions.date));
    return rows;
  }

  private async upsert(db: Queryable, records: readonly EvaluationRecord[]): Promise<void> {
    const values = records.map((r) => ({
      modelId: r.modelId,
      symbol: r.symbol,
      timeframe: r.timeframe,
      windowFrom: r.from,
      windowTo: r.to,
      dataHash: r.dataHash,
      output: r.output,
      bars: r.bars,
      metrics: finiteOrNull(r.metrics),
      seconds: r.seconds,
    }));
    await db
      .insert(evaluations)
      .values(values)
      .onConflictDoUpdate({
        target: [evaluations.modelId, evaluations.symbol, evaluations.timeframe, evaluations.windowFrom, evaluations.windowTo],
        set: {
          dataHash: sql`excluded.data_hash`,
          output: sql`excluded.output`,
          bars: sql`excluded.bars`,
          metrics: sql`excluded.metrics`,
          seconds: sql`excluded.seconds`,
          createdAt: sql`now()`,
        },
      });
  }

  private async writePredictions(db: Queryable, key: PredictionKey, bars: BarSeries, values: Float64Array, opts: SavePredictionsOptions): Promise<number> {
    const keep = opts.keep ?? DEFAULT_KEPT_PREDICTIONS;
    const to = Math.min(opts.toIndex ?? bars.length - 1, bars.length - 1, values.length - 1);
    const rows: (typeof predictions.$inferInsert)[] = [];
    for (let t = to; t >= opts.fromIndex && rows.length < keep; t--) {
      const v = values[t]!;
      if (!Number.isFinite(v)) continue;
      rows.push({
        modelId: key.modelId,
        symbol: key.symbol,
        timeframe: key.timeframe,
        date: isoDate(bars.time[t]!),
        horizon: 1,
        output: key.output,
        value: v,
        outcome: predictionOutcome(key.output, bars.close, t),
        origin: 'evaluate',
      });
    }
    await db
      .delete(predictions)
      .where(
        and(
          eq(predictions.modelId, key.modelId),
          eq(predictions.symbol, key.symbol),
          eq(predictions.timeframe, key.timeframe),
          eq(predictions.origin, 'evaluate'),
        ),
      );
    if (rows.length > 0) await db.insert(predictions).values(rows.reverse());
    return rows.length;
  }
}
