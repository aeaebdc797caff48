// Reads the walk-forward evaluation results stored by `mltrainer evaluate` (the evaluations table): the measured
// figures behind /leaderboard, /accuracy, /model and /recommend.
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../engine/db/database.ts';
import { evaluations } from '../../engine/db/schema/index.ts';

export interface StoredEvaluation {
  modelId: string;
  symbol: string;
  timeframe: string;
  from: string;
  to: string;
  output: string;
  bars: number;
  metrics: Record<string, number | null>;
  createdAt: Date;
}

/** The newest evaluation of each (model, symbol, timeframe), optionally filtered. */
export async function storedEvaluations(db: Db, filter: { symbol?: string; modelId?: string } = {}): Promise<StoredEvaluation[]> {
  const conditions = [];
  if (filter.symbol) conditions.push(eq(evaluations.symbol, filter.symbol));
  if (filter.modelId) conditions.push(eq(evaluations.modelId, filter.modelId));
  const rows = await db
    .select()
    .from(evaluations)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(evaluations.createdAt));
  const seen = new Set<string>();
  const out: StoredEvaluation[] = [];
  for (const r of rows) {
    const key = `${r.modelId}|${r.symbol}|${r.timeframe}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      modelId: r.modelId,
      symbol: r.symbol,
      timeframe: r.timeframe,
      from: r.windowFrom,
      to: r.windowTo,
      output: r.output,
      bars: r.bars,
      metrics: r.metrics,
      createdAt: r.createdAt,
    });
  }
  return out;
}
