// Self-optimisation of parameters: each pool slot (a pool id) runs one member of its family's grid; every
// `gridCheckEvery` bars, when a grid neighbour of the member in charge of a slot has a trailing Sharpe over the score
// window that beats it by `gridMargin`, the slot moves to that neighbour. Scores use realized results up to t only.
import type { Model } from '../../registry/model.ts';
import { getModel } from '../../registry/catalog.ts';
import type { AutopilotSettings } from './autopilot-config.ts';
import { gridNeighbours } from './grid-neighbours.ts';
import type { LearnerState } from './learner-state.ts';
import { realizedPnl, type SymbolInputs } from './symbol-inputs.ts';
import { isoDate } from '../../calendar/dates.ts';
import { sharpeFromSums } from './score-models.ts';

export interface GridMove {
  date: string;
  symbol: string;
  /** The pool id whose parameters moved. */
  slot: string;
  from: string;
  to: string;
  /** Annualised Sharpe of both over the same trailing bars. */
  fromScore: number;
  toScore: number;
  bars: number;
  reason: string;
}

interface Member {
  model: Model;
  positions: Float64Array;
  pnl: Float64Array;
}

// Grid members outside the pool, computed on first use per bar series (the models are causal, so one run serves every t).
const library = new WeakMap<object, Map<string, Member>>();

function member(inputs: SymbolInputs, id: string): Member | null {
  const k = inputs.models.findIndex((m) => m.id === id);
  if (k >= 0) return { model: inputs.models[k]!, positions: inputs.positions[k]!, pnl: inputs.pnl[k]! };
  let lib = library.get(inputs.bars);
  if (!lib) library.set(inputs.bars, (lib = new Map()));
  const hit = lib.get(id);
  if (hit) return hit;
  const model = getModel(id);
  if (!model || model.output !== 'position') return null;
  const bars = inputs.bars;
  const positions = model.run({ bars, seed: 1 });
  const open = Number.isFinite(bars.open[bars.length - 1] ?? NaN) ? bars.open : bars.close;
  const m: Member = { model, positions, pnl: realizedPnl(positions, open, bars.close) };
  lib.set(id, m);
  return m;
}

/** The inputs as the learner state runs them: each moved slot reads its current grid member's targets and P&L. */
export function activeInputs(base: SymbolInputs, state: LearnerState): SymbolInputs {
  const grid = state.grid;
  if (!grid || Object.keys(grid).length === 0) return base;
  const models = [...base.models];
  const positions = [...base.positions];
  const pnl = [...base.pnl];
  for (let k = 0; k < models.length; k++) {
    const id = grid[models[k]!.id];
    const m = id ? member(base, id) : null;
    if (!m) continue;
    models[k] = m.model;
    positions[k] = m.positions;
    pnl[k] = m.pnl;
  }
  return { ...base, models, positions, pnl };
}

function trailingSharpe(pnl: Float64Array, from: number, t: number): number {
  let s = 0;
  let q = 0;
  const n = t - from + 1;
  for (let i = from; i <= t; i++) {
    const r = pnl[i]!;
    s += r;
    q += r * r;
  }
  return sharpeFromSums(s, q, n);
}

/**
 * Moves slots to better grid neighbours when a check is due at t, mutating `state.grid`, and returns the moves.
 * `base` are the pool's own inputs (slot k = pool id k).
 */
export function moveParameters(state: LearnerState, base: SymbolInputs, t: number, settings: AutopilotSettings): GridMove[] {
  if (!settings.gridMoves) return [];
  const time = base.bars.time;
  if (state.gridCheckedAt != null) {
    const last = state.gridCheckedAt;
    let since = 0;
    for (let i = t; i >= 0 && time[i]! > last; i--) since++;
    if (since < settings.gridCheckEvery) return [];
  }
  state.gridCheckedAt = time[t]!;
  const grid = (state.grid ??= {});
  const from = Math.max(1, t - settings.scoreWindow + 1);
  const bars = t - from + 1;
  if (bars < settings.recentWindow) return [];
  const active = new Set(base.models.map((m) => grid[m.id] ?? m.id));
  const moves: GridMove[] = [];
  // Judged only where both had a full record: their first positions take minHistory + 2 bars to pay.
  const ready = (m: Model) => m.minHistory + 2 <= from;
  for (const slot of base.models) {
    const current = member(base, grid[slot.id] ?? slot.id);
    if (!current || !ready(current.model)) continue;
    const own = trailingSharpe(current.pnl, from, t);
    let best: { m: Member; score: number } | null = null;
    for (const n of gridNeighbours(current.model.id)) {
      if (active.has(n.id) || state.demoted[n.id]) continue;
      const m = member(base, n.id);
      if (!m || !ready(m.model)) continue;
      const score = trailingSharpe(m.pnl, from, t);
      if (score > own + settings.gridMargin && (!best || score > best.score)) best = { m, score };
    }
    if (!best) continue;
    const to = best.m.model.id;
    const reason = `grid neighbour ${to} had Sharpe ${best.score.toFixed(2)} vs ${own.toFixed(2)} for ${current.model.id} over the last ${bars} bars (margin ${settings.gridMargin.toFixed(2)})`;
    moves.push({ date: isoDate(time[t]!), symbol: base.symbol, slot: slot.id, from: current.model.id, to, fromScore: own, toScore: best.score, bars, reason });
    active.delete(current.model.id);
    active.add(to);
    if (to === slot.id) delete grid[slot.id];
    else grid[slot.id] = to;
  }
  return moves;
}
