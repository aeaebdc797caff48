// The heavy computations a chat may ask for (model runs with their backtests, chart rendering), as plain messages,
// run by the same function in a worker thread and in-thread, so both give identical results.
import { renderEquityChartPng, type EquityChartInput } from '../charts/equity-chart.ts';
import type { BacktestResult } from '../backtest/run-backtest.ts';
import { backtestOnBars, type BacktestRequest } from '../use-cases/model-backtest.ts';
import type { ModelData } from '../use-cases/model-data.ts';
import { UserError } from '../user-error.ts';
import type { Model } from '../../registry/model.ts';

export type HeavyTask =
  /** Each model on the same bars (already cut at `to`), trading from `fromIndex`: one run per model, in order. */
  | { kind: 'backtests'; modelIds: string[]; data: ModelData; fromIndex: number; req: BacktestRequest }
  | { kind: 'equity-chart'; input: EquityChartInput };

/** A backtest as it crosses a thread: the model is named by id, the bars stay with the sender. */
export interface BacktestRun {
  modelId: string;
  result: BacktestResult;
  benchmark: BacktestResult;
  fillNote?: string;
  warmUpNote?: string;
}

export type HeavyValue = BacktestRun[] | Uint8Array;

/** What a task's failure says: a UserError's sentence as is; anything else (a model that threw) names the model. */
export class HeavyTaskError extends Error {
  constructor(
    message: string,
    /** True when `message` is a UserError's sentence, meant for the user as it is. */
    readonly forUser: boolean,
    readonly modelId?: string,
  ) {
    super(message);
  }
}

export interface ModelLookup {
  getModel(id: string): Model | undefined;
}

export async function runHeavyTask(task: HeavyTask, models: ModelLookup): Promise<HeavyValue> {
  if (task.kind === 'equity-chart') return new Uint8Array(await renderEquityChartPng(task.input));
  const runs: BacktestRun[] = [];
  for (const id of task.modelIds) {
    const model = models.getModel(id);
    if (!model) throw new HeavyTaskError(`There is no model "${id}".`, true, id);
    let bt;
    try {
      bt = backtestOnBars(model, task.data, task.fromIndex, task.req);
    } catch (err) {
      if (err instanceof UserError) throw new HeavyTaskError(err.message, true, id);
      const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
      throw new HeavyTaskError(stack, false, id);
    }
    const run: BacktestRun = { modelId: id, result: bt.result, benchmark: bt.benchmark };
    if (bt.fillNote) run.fillNote = bt.fillNote;
    if (bt.warmUpNote) run.warmUpNote = bt.warmUpNote;
    runs.push(run);
  }
  return runs;
}

/** The buffers of a task's value, handed over to the receiving thread rather than copied. */
export function transferablesOf(value: HeavyValue): ArrayBuffer[] {
  if (value instanceof Uint8Array) return [value.buffer as ArrayBuffer];
  const out = new Set<ArrayBuffer>();
  for (const r of value) {
    for (const a of [r.result.equity, r.result.weights, r.benchmark.equity, r.benchmark.weights]) out.add(a.buffer as ArrayBuffer);
  }
  return [...out];
}
