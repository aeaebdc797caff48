// The autopilot's records in the database: decisions (with their orders), model weights, demotions, parameter moves,
// the learner state, the predictions it used and their outcomes, and which sessions and reports are done.
import { and, asc, desc, eq, gte, isNull, lte } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import {
  autopilotDecisions,
  autopilotDemotions,
  autopilotModelWeights,
  autopilotParameterMoves,
  autopilotPredictions,
  autopilotRuns,
  autopilotState,
  PREDICTION_KINDS,
} from '../db/schema/index.ts';
import type { DecisionRecord } from './decision-step.ts';
import type { LearnerState } from './learner-state.ts';

export type RunKind = 'session' | 'mark' | 'report' | 'weekly' | 'backup';

export interface OrderNote {
  side: 'buy' | 'sell';
  qty: number;
  orderId: number | null;
  status: string | null;
  filledPrice: number | null;
  duplicate: boolean;
  refusal: string | null;
}

export interface StoredDecision {
  date: string;
  symbol: string;
  target: number;
  previousTarget: number;
  changed: boolean;
  record: DecisionRecord;
  orders: OrderNote[];
}

export interface PredictionRow {
  date: string;
  symbol: string;
  modelId: string;
  kind: (typeof PREDICTION_KINDS)[number];
  value: number;
  horizon: number;
}

export interface ResolvedPrediction extends PredictionRow {
  outcomeDate: string;
  outcome: number;
  error: number | null;
  hit: boolean | null;
}

/** A demotion (`to` absent) or a parameter move from `model` to `to`, with its logged reason. */
export interface ModelChange {
  date: string;
  symbol: string;
  model: string;
  to?: string;
  reason: string;
}

export class AutopilotStore {
  constructor(private readonly db: Db) {}

  async loadState(symbol: string): Promise<LearnerState | null> {
    const [row] = await this.db.select().from(autopilotState).where(eq(autopilotState.symbol, symbol));
    return row ? (row.state as LearnerState) : null;
  }

  /** Claims a run; false when it is already done. A run left `running` (a crash) may be claimed again. */
  async claimRun(kind: RunKind, date: string, now: number): Promise<boolean> {
    const inserted = await this.db
      .insert(autopilotRuns)
      .values({ kind, date, status: 'running', at: new Date(now) })
      .onConflictDoNothing()
      .returning({ date: autopilotRuns.date });
    if (inserted.length) return true;
    const [row] = await this.db.select().from(autopilotRuns).where(and(eq(autopilotRuns.kind, kind), eq(autopilotRuns.date, date)));
    return row?.status !== 'done';
  }

  async finishRun(kind: RunKind, date: string, detail: string, now: number): Promise<void> {
    await this.db
      .update(autopilotRuns)
      .set({ status: 'done', detail, at: new Date(now) })
      .where(and(eq(autopilotRuns.kind, kind), eq(autopilotRuns.date, date)));
  }

  async isDone(kind: RunKind, date: string): Promise<boolean> {
    const [row] = await this.db.select().from(autopilotRuns).where(and(eq(autopilotRuns.kind, kind), eq(autopilotRuns.date, date)));
    return row?.status === 'done';
  }

  async lastRun(kind: RunKind): Promise<{ date: string; at: Date; detail: string | null } | null> {
    const [row] = await this.db
      .select()
      .from(autopilotRuns)
      .where(and(eq(autopilotRuns.kind, kind), eq(autopilotRuns.status, 'done')))
      .orderBy(desc(autopilotRuns.date))
      .limit(1);
    return row ? { date: row.date, at: row.at, detail: row.detail } : null;
  }

  /** Everything one symbol's decision changed, in one transaction. */
  async saveDecision(d: StoredDecision, state: LearnerState, predictions: PredictionRow[], now: number): Promise<void> {
    const at = new Date(now);
    await this.db.transaction(async (tx) => {
      const row = {
        date: d.date,
        symbol: d.symbol,
        regime: d.record.regime,
        target: d.target,
        previousTarget: d.previousTarget,
        changed: d.changed,
        record: d.record,
        orders: d.orders,
        createdAt: at,
      };
      await tx
        .insert(autopilotDecisions)
        .values(row)
        .onConflictDoUpdate({ target: [autopilotDecisions.symbol, autopilotDecisions.date], set: row });
      for (const c of d.record.chosen) {
        await tx
          .insert(autopilotModelWeights)
          .values({ date: d.date, symbol: d.symbol, modelId: c.id, weight: c.weight, score: c.score, basis: c.basis })
          .onConflictDoNothing();
      }
      for (const e of d.record.demotions) {
        await tx
          .insert(autopilotDemotions)
          .values({ date: e.date, symbol: e.symbol, modelId: e.model, liveSharpe: e.liveSharpe, backtestSharpe: e.backtestSharpe, bars: e.bars, reason: e.reason, createdAt: at })
          .onConflictDoNothing();
      }
      for (const g of d.record.gridMoves ?? []) {
        await tx
          .insert(autopilotParameterMoves)
          .values({ date: g.date, symbol: g.symbol, slot: g.slot, fromModel: g.from, toModel: g.to, fromSharpe: g.fromScore, toSharpe: g.toScore, bars: g.bars, reason: g.reason, createdAt: at })
          .onConflictDoNothing();
      }
      for (const p of predictions) await tx.insert(autopilotPredictions).values(p).onConflictDoNothing();
      await tx
        .insert(autopilotState)
        .values({ symbol: d.symbol, state, updatedAt: at })
        .onConflictDoUpdate({ target: autopilotState.symbol, set: { state, updatedAt: at } });
    });
  }

  async decision(symbol: string, date?: string): Promise<StoredDecision | null> {
    const where = date ? and(eq(autopilotDecisions.symbol, symbol), lte(autopilotDecisions.date, date)) : eq(autopilotDecisions.symbol, symbol);
    const [row] = await this.db.select().from(autopilotDecisions).where(where).orderBy(desc(autopilotDecisions.date)).limit(1);
    return row ? toStored(row) : null;
  }

  async decisionsOn(date: string): Promise<StoredDecision[]> {
    const rows = await this.db.select().from(autopilotDecisions).where(eq(autopilotDecisions.date, date)).orderBy(asc(autopilotDecisions.symbol));
    return rows.map(toStored);
  }

  async openPredictions(symbol: string): Promise<(PredictionRow & { id: number })[]> {
    const rows = await this.db
      .select()
      .from(autopilotPredictions)
      .where(and(eq(autopilotPredictions.symbol, symbol), isNull(autopilotPredictions.outcomeDate)));
    return rows.map((r) => ({ id: r.id, date: r.date, symbol: r.symbol, modelId: r.modelId, kind: r.kind, value: r.value, horizon: r.horizon }));
  }

  async resolvePrediction(id: number, outcome: { outcomeDate: string; outcome: number; error: number | null; hit: boolean | null }): Promise<void> {
    await this.db.update(autopilotPredictions).set(outcome).where(eq(autopilotPredictions.id, id));
  }

  async resolvedPredictions(filter: { model?: string; symbol?: string; since?: string } = {}): Promise<ResolvedPrediction[]> {
    const cond = [];
    if (filter.model) cond.push(eq(autopilotPredictions.modelId, filter.model));
    if (filter.symbol) cond.push(eq(autopilotPredictions.symbol, filter.symbol));
    if (filter.since) cond.push(gte(autopilotPredictions.outcomeDate, filter.since));
    const rows = await this.db
      .select()
      .from(autopilotPredictions)
      .where(cond.length ? and(...cond) : undefined)
      .orderBy(asc(autopilotPredictions.date));
    return rows.flatMap(({ id: _id, outcomeDate, outcome, ...r }) => (outcomeDate !== null && outcome !== null ? [{ ...r, outcomeDate, outcome }] : []));
  }

  /** Decisions of every symbol from `from` to `to` (inclusive), oldest first. */
  async decisionsBetween(from: string, to: string): Promise<StoredDecision[]> {
    const rows = await this.db
      .select()
      .from(autopilotDecisions)
      .where(and(gte(autopilotDecisions.date, from), lte(autopilotDecisions.date, to)))
      .orderBy(asc(autopilotDecisions.date), asc(autopilotDecisions.symbol));
    return rows.map(toStored);
  }

  /** Demotions and parameter moves from `from` to `to` (inclusive), oldest first. */
  async changesBetween(from: string, to: string): Promise<{ demotions: ModelChange[]; moves: ModelChange[] }> {
    const demotions = await this.db
      .select({ date: autopilotDemotions.date, symbol: autopilotDemotions.symbol, model: autopilotDemotions.modelId, reason: autopilotDemotions.reason })
      .from(autopilotDemotions)
      .where(and(gte(autopilotDemotions.date, from), lte(autopilotDemotions.date, to)))
      .orderBy(asc(autopilotDemotions.date), asc(autopilotDemotions.symbol));
    const moves = await this.db
      .select({ date: autopilotParameterMoves.date, symbol: autopilotParameterMoves.symbol, model: autopilotParameterMoves.fromModel, to: autopilotParameterMoves.toModel, reason: autopilotParameterMoves.reason })
      .from(autopilotParameterMoves)
      .where(and(gte(autopilotParameterMoves.date, from), lte(autopilotParameterMoves.date, to)))
      .orderBy(asc(autopilotParameterMoves.date), asc(autopilotParameterMoves.symbol));
    return { demotions, moves };
  }

  async demotions(limit = 20): Promise<{ date: string; symbol: string; modelId: string; reason: string }[]> {
    return this.db
      .select({ date: autopilotDemotions.date, symbol: autopilotDemotions.symbol, modelId: autopilotDemotions.modelId, reason: autopilotDemotions.reason })
      .from(autopilotDemotions)
      .orderBy(desc(autopilotDemotions.date))
      .limit(limit);
  }
}

function toStored(row: typeof autopilotDecisions.$inferSelect): StoredDecision {
  return {
    date: row.date,
    symbol: row.symbol,
    target: row.target,
    previousTarget: row.previousTarget,
    changed: row.changed,
    record: row.record as DecisionRecord,
    orders: row.orders as OrderNote[],
  };
}
