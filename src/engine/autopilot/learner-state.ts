// What the autopilot has learned about one symbol so far: the multiplicative weights of the pool models, the models
// in charge with the backtest score they were chosen on and their live results since, demotions, and the last
// target. Plain data, so the live loop can store it as JSON between sessions and the replay keeps it in memory.

export interface LiveRecord {
  /** Bars in charge in the current stint, and the sum and sum of squares of the model's realized returns. */
  n: number;
  sum: number;
  sumSq: number;
  /** The score (annualised Sharpe of its walk-forward results) the model was chosen on. */
  refScore: number;
}

export interface Demotion {
  /** Bars left before the model may be chosen again. */
  remaining: number;
  since: string;
  reason: string;
}

export interface LearnerState {
  symbol: string;
  /** Pool ids, in the order of `logWeights`. */
  ids: string[];
  logWeights: number[];
  /** Bar time (epoch ms) of the last bar whose outcome was learned; null before any. */
  lastTime: number | null;
  /** Target weight decided last (0 before any decision). */
  target: number;
  /** Models in charge after the last decision. */
  chosen: string[];
  live: Record<string, LiveRecord>;
  demoted: Record<string, Demotion>;
  /** Pool id -> the grid member now running in its place (absent: the pool id itself). */
  grid?: Record<string, string>;
  /** Bar time of the last parameter (grid) check. */
  gridCheckedAt?: number | null;
}

export function newLearnerState(symbol: string, ids: readonly string[]): LearnerState {
  return { symbol, ids: [...ids], logWeights: ids.map(() => 0), lastTime: null, target: 0, chosen: [], live: {}, demoted: {} };
}

/** The stored state re-aligned to the current pool (new models start at the mean log weight, removed ones are dropped). */
export function alignLearnerState(state: LearnerState, ids: readonly string[]): LearnerState {
  const known = new Map(state.ids.map((id, i) => [id, state.logWeights[i]!] as const));
  const mean = state.logWeights.length ? state.logWeights.reduce((a, b) => a + b, 0) / state.logWeights.length : 0;
  const slots = new Set(ids);
  const grid = Object.fromEntries(Object.entries(state.grid ?? {}).filter(([slot]) => slots.has(slot)));
  // A kept slot may run a grid member in its place: that member's records stay too.
  const keep = new Set([...ids, ...Object.values(grid)]);
  const pick = <T>(r: Record<string, T>) => Object.fromEntries(Object.entries(r).filter(([id]) => keep.has(id)));
  return {
    ...state,
    ids: [...ids],
    logWeights: ids.map((id) => known.get(id) ?? mean),
    chosen: state.chosen.filter((id) => keep.has(id)),
    live: pick(state.live),
    demoted: pick(state.demoted),
    grid,
  };
}

/** Normalised multiplicative weights (sum 1) of the pool. */
export function normalisedWeights(state: LearnerState): Float64Array {
  const w = new Float64Array(state.logWeights.length);
  let max = -Infinity;
  for (const x of state.logWeights) if (x > max) max = x;
  let sum = 0;
  for (let i = 0; i < w.length; i++) {
    w[i] = Math.exp(state.logWeights[i]! - max);
    sum += w[i]!;
  }
  for (let i = 0; i < w.length; i++) w[i] = w[i]! / sum;
  return w;
}
