// The stored whole outputs of the traded models (positions and return forecasts), so a leaderboard can backtest every
// model again on one window and one cost without running a single model.
import { and, eq } from 'drizzle-orm';
import type { OutputKind } from '../../registry/model.ts';
import type { Db } from '../db/database.ts';
import { evaluationOutputs } from '../db/schema/index.ts';

/** Outputs whose whole series is kept: what a leaderboard can trade (a forecast trades its sign). */
export const TRADED_OUTPUTS: readonly OutputKind[] = ['position', 'forecast'];

export interface StoredOutput {
  modelId: string;
  symbol: string;
  timeframe: string;
  dataHash: string;
  output: OutputKind;
  /** The first bar whose signal can be acted on. */
  firstIndex: number;
  values: Float64Array;
}

type Queryable = Pick<Db, 'select' | 'insert'>;

export function encodeValues(values: Float64Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export function decodeValues(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  // Copied into an aligned buffer: a Buffer from base64 may sit at any offset of Node's pool.
  const out = new Float64Array(bytes.length / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Replaces the stored output of one model on one symbol and timeframe. */
export async function saveOutput(db: Queryable, o: StoredOutput): Promise<void> {
  const row = {
    modelId: o.modelId,
    symbol: o.symbol,
    timeframe: o.timeframe,
    dataHash: o.dataHash,
    output: o.output,
    firstIndex: o.firstIndex,
    values: encodeValues(o.values),
  };
  await db
    .insert(evaluationOutputs)
    .values(row)
    .onConflictDoUpdate({
      target: [evaluationOutputs.modelId, evaluationOutputs.symbol, evaluationOutputs.timeframe],
      set: { dataHash: row.dataHash, output: row.output, firstIndex: row.firstIndex, values: row.values, createdAt: new Date() },
    });
}

/** Every stored traded output on a symbol and timeframe (any data fingerprint: the caller compares it). */
export async function storedOutputs(db: Queryable, symbol: string, timeframe: string): Promise<StoredOutput[]> {
  const rows = await db
    .select()
    .from(evaluationOutputs)
    .where(and(eq(evaluationOutputs.symbol, symbol), eq(evaluationOutputs.timeframe, timeframe)));
  return rows.map((r) => ({
    modelId: r.modelId,
    symbol: r.symbol,
    timeframe: r.timeframe,
    dataHash: r.dataHash,
    output: r.output,
    firstIndex: r.firstIndex,
    values: decodeValues(r.values),
  }));
}
