// The decision step, shared by the live loop and the replay: at the close of one day, for every symbol, learn from
// the bars that closed since the last decision, detect the regime, put the best-scoring models in charge, combine
// their targets with the learned weights, size the result (volatility target, the risk manager's caps and daily
// loss rule) and return a decision record that explains it. It reads only inputs up to each symbol's index t.
import type { AutopilotSettings } from './autopilot-config.ts';
import { activeInputs, moveParameters, type GridMove } from './grid-moves.ts';
import { learnOutcomes, type DemotionEvent } from './learn-outcomes.ts';
import { normalisedWeights, type LearnerState } from './learner-state.ts';
import { scoreModels, type ScoreBasis } from './score-models.ts';
import type { SymbolInputs } from './symbol-inputs.ts';
import { isoDate } from '../../calendar/dates.ts';
import { SQRT_DAILY_PERIODS } from '../backtest/periods-per-year.ts';

export interface ChosenModel {
  id: string;
  /** Annualised Sharpe of its walk-forward results the choice was made on. */
  score: number;
  basis: ScoreBasis;
  /** Bars the score was measured on. */
  bars: number;
  /** The model's own target at t. */
  signal: number;
  /** Its share of the combination (from the multiplicative weights). */
  weight: number;
}

export interface DecisionRecord {
  date: string;
  symbol: string;
  /** Close of the bar the decision was made after. */
  close: number;
  regime: string | null;
  regimeParts: { model: string; state: string | null }[];
  chosen: ChosenModel[];
  /** The best few candidates with their scores (demoted or not), for /why. */
  candidates: { id: string; score: number; basis: ScoreBasis; demoted: boolean }[];
  /** Weighted mean of the chosen models' signals. */
  combined: number;
  /** Annualised forecast volatility, null when the model has no forecast yet. */
  volatility: number | null;
  volScale: number;
  previousTarget: number;
  /** Final target weight of equity after sizing and the risk rules. */
  target: number;
  changed: boolean;
  modelsChanged: boolean;
  demotions: DemotionEvent[];
  /** Parameter moves made today (a pool slot now runs a better grid neighbour). */
  gridMoves: GridMove[];
  reason: string;
}

export interface SymbolDay {
  inputs: SymbolInputs;
  /** Index of the day's bar in `inputs`. */
  t: number;
  state: LearnerState;
  /** Where a state that never learned starts learning (the warm-up's first bar); default 0. */
  warmupFrom?: number;
}

const pct = (x: number, d = 1) => `${(x * 100).toFixed(d)}%`;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6 || 0;

interface Proposal {
  day: SymbolDay;
  record: Omit<DecisionRecord, 'target' | 'changed' | 'reason'>;
  sized: number;
  notes: string[];
}

function propose(day: SymbolDay, settings: AutopilotSettings): Proposal {
  const { t, state } = day;
  const demotions = learnOutcomes(state, activeInputs(day.inputs, state), t, settings, day.warmupFrom ?? 0);
  const gridMoves = moveParameters(state, day.inputs, t, settings);
  const inputs = activeInputs(day.inputs, state);
  const scores = scoreModels(inputs, t, settings);
  const ranked = scores
    .filter((s) => Number.isFinite(s.score))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const chosenScores = ranked.filter((s) => s.score > 0 && !state.demoted[s.id]).slice(0, settings.topK);
  const mw = normalisedWeights(state);
  let total = 0;
  for (const s of chosenScores) total += mw[s.index]!;
  const chosen: ChosenModel[] = chosenScores.map((s) => ({
    id: s.id,
    score: s.score,
    basis: s.basis,
    bars: s.bars,
    signal: inputs.positions[s.index]![t]!,
    weight: total > 0 ? mw[s.index]! / total : 1 / chosenScores.length,
  }));
  let combined = 0;
  for (const c of chosen) combined += c.weight * c.signal;
  const sigma = inputs.vol[t]!;
  const volatility = sigma > 0 && Number.isFinite(sigma) ? sigma * SQRT_DAILY_PERIODS : null;
  const volScale = volatility === null ? 0 : Math.min(1, settings.targetVol / volatility);
  const raw = combined * volScale;
  const sized = Math.max(-settings.maxSymbolWeight, Math.min(settings.maxSymbolWeight, raw));
  const notes: string[] = gridMoves.map((g) => `parameters moved: ${g.slot} now runs ${g.to} instead of ${g.from} (${g.reason})`);
  if (chosen.length === 0) notes.push('no model has a positive walk-forward record here, so the autopilot stays out');
  else if (volatility === null) notes.push('no volatility forecast yet, so nothing is held');
  else {
    notes.push(`combined signal ${combined.toFixed(2)}; forecast volatility ${pct(volatility)} a year sizes it by ${volScale.toFixed(2)} toward the ${pct(settings.targetVol, 0)} target`);
    if (Math.abs(raw) > settings.maxSymbolWeight) notes.push(`capped at the ${pct(settings.maxSymbolWeight, 0)} per-symbol limit`);
  }
  const code = inputs.regime[t]!;
  const previousChosen = [...state.chosen].sort().join(',');
  return {
    day,
    sized,
    notes,
    record: {
      date: isoDate(inputs.bars.time[t]!),
      symbol: inputs.symbol,
      close: inputs.bars.close[t]!,
      regime: code >= 0 ? inputs.regimeLabels[code]! : null,
      regimeParts: inputs.regimeParts.map((p) => {
        const s = p.states[t]!;
        return { model: p.id, state: s >= 0 ? (p.labels[s] ?? String(s)) : null };
      }),
      chosen,
      candidates: ranked.slice(0, 8).map((s) => ({ id: s.id, score: s.score, basis: s.basis, demoted: !!state.demoted[s.id] })),
      combined,
      volatility,
      volScale,
      previousTarget: state.target,
      modelsChanged: chosen.map((c) => c.id).sort().join(',') !== previousChosen,
      demotions,
      gridMoves,
    },
  };
}

function explain(p: Proposal, target: number, extra: string[]): string {
  const r = p.record;
  const regime = r.regime
    ? `Regime ${r.regime} (${r.regimeParts.map((x) => `${x.model}: ${x.state}`).join(', ')}).`
    : 'Regime not known yet (the regime models need more history).';
  const models = r.chosen.length
    ? `In charge: ${r.chosen
        .map((c) => `${c.id} (Sharpe ${c.score.toFixed(2)} ${c.basis === 'regime' ? 'in this regime' : 'recently'} over ${c.bars} bars, weight ${pct(c.weight, 0)}, signal ${c.signal.toFixed(2)})`)
        .join('; ')}.`
    : '';
  const verdict = `Target ${pct(target)} of equity${target === r.previousTarget ? ' (unchanged)' : ` (was ${pct(r.previousTarget)})`}.`;
  return [regime, models, [...p.notes, ...extra].join('; ') + '.', verdict].filter(Boolean).join(' ');
}

/**
 * Decides one day for every symbol given. `dayLoss` is the book's loss today as a fraction of yesterday's equity
 * (the risk manager's daily loss rule then refuses new entries). Mutates each symbol's learner state and returns one record per symbol.
 */
export function decideDay(symbols: readonly SymbolDay[], dayLoss: number, settings: AutopilotSettings): DecisionRecord[] {
  const proposals = symbols.map((d) => propose(d, settings));
  let gross = 0;
  for (const p of proposals) gross += Math.abs(p.sized);
  const grossScale = gross > settings.maxGrossExposure ? settings.maxGrossExposure / gross : 1;
  const lossHalt = dayLoss >= settings.dailyLossLimit;
  return proposals.map((p) => {
    const { state } = p.day;
    const prev = state.target;
    const extra: string[] = [];
    let target = round6(p.sized * grossScale);
    if (grossScale < 1) extra.push(`scaled by ${grossScale.toFixed(2)} to keep gross exposure within ${pct(settings.maxGrossExposure, 0)}`);
    if (target !== 0 && prev !== 0 && Math.sign(target) === Math.sign(prev) && Math.abs(target - prev) < settings.noTradeBand) {
      target = prev;
      extra.push(`within the ${pct(settings.noTradeBand, 0)} no-trade band of the current target`);
    }
    const entry = Math.abs(target) > Math.abs(prev) || Math.sign(target) * Math.sign(prev) < 0;
    if (lossHalt && entry) {
      target = prev;
      extra.push(`today's loss ${pct(dayLoss)} reached the ${pct(settings.dailyLossLimit, 0)} daily limit, so no new entries`);
    }
    // Commit: the models now in charge start (or keep) a live record against the score they were chosen on.
    const now = new Set(p.record.chosen.map((c) => c.id));
    for (const id of Object.keys(state.live)) if (!now.has(id)) delete state.live[id];
    for (const c of p.record.chosen) state.live[c.id] ??= { n: 0, sum: 0, sumSq: 0, refScore: c.score };
    state.chosen = p.record.chosen.map((c) => c.id);
    state.target = target;
    return { ...p.record, target, changed: target !== prev, reason: explain(p, target, extra) };
  });
}
