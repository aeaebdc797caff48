// Parameter moves inside the registry's grids: a pool slot moves to a grid neighbour only when that neighbour's
// realized Sharpe over the trailing window beat the member in charge by the margin, the move says why, the slot then
// runs the neighbour's own targets, and no move up to day D depends on bars after D.
import { describe, expect, it } from 'vitest';
import { autopilotSettings } from '../../../src/engine/autopilot/autopilot-config.ts';
import { activeInputs, moveParameters, type GridMove } from '../../../src/engine/autopilot/grid-moves.ts';
import { gridNeighbours } from '../../../src/engine/autopilot/grid-neighbours.ts';
import { alignLearnerState, newLearnerState } from '../../../src/engine/autopilot/learner-state.ts';
import { buildSymbolInputs, realizedPnl } from '../../../src/engine/autopilot/symbol-inputs.ts';
import { getModel } from '../../../src/registry/catalog.ts';
import { headBars } from '../../../src/registry/head-bars.ts';
import type { BarSeries } from '../../../src/registry/model.ts';
import { loadSpx } from '../../fixtures/spx.ts';

const full = loadSpx();

// 2000..2007: enough history for the 200-day members and a few years of checks.
const spx = headBars(full, 2000);
const settings = autopilotSettings({ pool: ['sma-cross-20-50', 'rsi-14-30-70'], scoreWindow: 252, recentWindow: 63, gridMargin: 0.25, gridCheckEvery: 21 });

/** Annualised Sharpe of a model's realized returns over bars from..t, computed independently of the module. */
function sharpe(id: string, bars: BarSeries, from: number, t: number): number {
  const w = getModel(id)!.run({ bars, seed: 1 });
  const r = Array.from(realizedPnl(w, bars.open, bars.close).subarray(from, t + 1));
  const mean = r.reduce((a, b) => a + b, 0) / r.length;
  const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1));
  return sd > 0 ? (mean / sd) * Math.sqrt(252) : 0;
}

function walk(bars: BarSeries, until: number) {
  const inputs = buildSymbolInputs('SPX', bars, settings);
  const state = newLearnerState('SPX', settings.pool);
  const moves: GridMove[] = [];
  for (let t = 300; t <= until; t++) moves.push(...moveParameters(state, inputs, t, settings));
  return { inputs, state, moves };
}

describe('grid neighbours', () => {
  it('are the members one step away on each parameter axis of the family', () => {
    expect(gridNeighbours('sma-cross-20-50').map((m) => m.id)).toEqual(['sma-cross-10-50', 'sma-cross-20-100']);
    expect(gridNeighbours('rsi-14-30-70').map((m) => m.id)).toEqual(['rsi-7-30-70', 'rsi-21-30-70']);
    // No grid around a single model.
    expect(gridNeighbours('buy-and-hold')).toEqual([]);
    expect(gridNeighbours('no-such-model')).toEqual([]);
  });
});

describe('parameter moves on real SPX bars', () => {
  const { inputs, state, moves } = walk(spx, spx.length - 1);

  it('happen, each to a neighbour that beat the member in charge by the margin over the trailing window', () => {
    expect(moves.length).toBeGreaterThan(0);
    for (const m of moves) {
      const t = spx.time.indexOf(Date.parse(`${m.date}T00:00:00Z`));
      const from = t - settings.scoreWindow + 1;
      expect(m.bars).toBe(settings.scoreWindow);
      expect(gridNeighbours(m.from).map((x) => x.id)).toContain(m.to);
      expect(m.fromScore).toBeCloseTo(sharpe(m.from, spx, from, t), 9);
      expect(m.toScore).toBeCloseTo(sharpe(m.to, spx, from, t), 9);
      expect(m.toScore).toBeGreaterThan(m.fromScore + settings.gridMargin);
      expect(m.reason).toContain(`grid neighbour ${m.to} had Sharpe ${m.toScore.toFixed(2)} vs ${m.fromScore.toFixed(2)} for ${m.from}`);
    }
  });

  it('are checked at most once every gridCheckEvery bars', () => {
    const days = [...new Set(moves.map((m) => spx.time.indexOf(Date.parse(`${m.date}T00:00:00Z`))))];
    for (let k = 1; k < days.length; k++) expect(days[k]! - days[k - 1]!).toBeGreaterThanOrEqual(settings.gridCheckEvery);
  });

  it('make the slot run the neighbour: its targets and P&L, not the pool id\'s', () => {
    const moved = Object.entries(state.grid ?? {});
    expect(moved.length).toBeGreaterThan(0);
    const active = activeInputs(inputs, state);
    for (const [slot, member] of moved) {
      const k = inputs.models.findIndex((m) => m.id === slot);
      expect(active.models[k]!.id).toBe(member);
      expect(Array.from(active.positions[k]!)).toEqual(Array.from(getModel(member)!.run({ bars: spx, seed: 1 })));
    }
    // Slots that did not move keep their own inputs.
    inputs.models.forEach((m, k) => {
      if (!state.grid?.[m.id]) expect(active.positions[k]).toBe(inputs.positions[k]);
    });
  });

  it('survive a restart of the live loop: the stored state keeps each moved slot\'s member and records', () => {
    const member = Object.values(state.grid!)[0]!;
    const stored = JSON.parse(JSON.stringify({ ...state, chosen: [member], live: { [member]: { n: 5, sum: 0.01, sumSq: 0.001, refScore: 1 } } }));
    const aligned = alignLearnerState(stored, settings.pool);
    expect(aligned.grid).toEqual(state.grid);
    expect(aligned.chosen).toEqual([member]);
    expect(aligned.live[member]).toBeDefined();
    // A slot dropped from the pool takes its move with it.
    expect(alignLearnerState(stored, ['rsi-14-30-70']).grid!['sma-cross-20-50']).toBeUndefined();
  });

  it('are off when the settings say so', () => {
    const s = newLearnerState('SPX', settings.pool);
    for (let t = 300; t < spx.length; t++) expect(moveParameters(s, inputs, t, { ...settings, gridMoves: false })).toEqual([]);
    expect(s.grid).toBeUndefined();
  });
});

describe('no look-ahead in parameter moves', () => {
  it('changing every bar after D changes no move up to D', () => {
    const d = 1400;
    const f = (i: number) => 1 + 0.1 * Math.sin(i * 2.3);
    const scale = (a: Float64Array) => a.map((v, i) => (i > d ? v * f(i) : v));
    const open = scale(spx.open);
    const close = scale(spx.close);
    const changed: BarSeries = {
      ...spx,
      open,
      close,
      high: spx.high.map((v, i) => (i > d ? Math.max(v * f(i), open[i]!, close[i]!) : v)),
      low: spx.low.map((v, i) => (i > d ? Math.min(v * f(i), open[i]!, close[i]!) : v)),
    };
    expect(walk(changed, d).moves).toEqual(walk(spx, d).moves);
    expect(walk(spx, d).moves.length).toBeGreaterThan(0);
  });
});
