// Model families: one definition with a parameter grid generates every registry entry of that family.
import type { Model, ModelContext, ModelRun, ModelSpec } from './model.ts';

/** A family is written once; `create` turns one grid point into a model. */
export interface ModelFamily<P> {
  readonly name: string;
  readonly grid: readonly P[];
  // method syntax on purpose: lets a ModelFamily<Specific> sit in a ModelFamily<unknown>[] list
  create(params: P): Model;
}

export function defineFamily<P>(family: ModelFamily<P>): ModelFamily<P> {
  return family;
}

/** Every model of every family, in family then grid order. */
export function expandFamilies(...families: readonly ModelFamily<unknown>[]): Model[] {
  const out: Model[] = [];
  for (const f of families) for (const p of f.grid) out.push({ ...f.create(p), family: f.name });
  return out;
}

type GridAxes = Readonly<Record<string, readonly unknown[]>>;
type GridPoint<A extends GridAxes> = { -readonly [K in keyof A]: A[K][number] };

/** The cartesian product of named axes, optionally filtered: `grid({fast: [5, 10], slow: [20, 50]}, p => p.fast < p.slow)`. */
export function grid<A extends GridAxes>(axes: A, keep?: (p: GridPoint<A>) => boolean): GridPoint<A>[] {
  let points: Record<string, unknown>[] = [{}];
  for (const key of Object.keys(axes)) {
    const next: Record<string, unknown>[] = [];
    for (const p of points) for (const v of axes[key]!) next.push({ ...p, [key]: v });
    points = next;
  }
  const typed = points as GridPoint<A>[];
  return keep ? typed.filter(keep) : typed;
}

/**
 * Builds a model from its spec and its computation, enforcing the output conventions of `Model`: the result has
 * the bars' length, and a position is always finite and inside [-1, 1] (anything undecidable becomes 0).
 */
export function defineModel(spec: ModelSpec, compute: (ctx: ModelContext) => Float64Array): Model {
  return {
    ...spec,
    run(ctx: ModelContext): Float64Array {
      const n = ctx.bars.length;
      return conform(spec, n === 0 ? new Float64Array(0) : compute(ctx), n);
    },
  };
}

/** `defineModel` for a computation that also reports caveats: the model gets `runWithNotes` beside `run`. */
export function defineModelWithNotes(spec: ModelSpec, compute: (ctx: ModelContext) => ModelRun): Model {
  const runWithNotes = (ctx: ModelContext): ModelRun => {
    const n = ctx.bars.length;
    if (n === 0) return { values: new Float64Array(0), notes: [] };
    const r = compute(ctx);
    return { values: conform(spec, r.values, n), notes: r.notes };
  };
  return { ...spec, run: (ctx) => runWithNotes(ctx).values, runWithNotes };
}

/** The output conventions of `Model`: the bars' length, and positions finite inside [-1, 1]. */
function conform(spec: ModelSpec, raw: Float64Array, n: number): Float64Array {
  const out = raw.length === n ? raw : fitLength(raw, n, spec.output === 'position' ? 0 : NaN);
  if (spec.output === 'position') {
    for (let t = 0; t < n; t++) {
      const w = out[t]!;
      out[t] = w > 1 ? 1 : w < -1 ? -1 : w === w ? w : 0;
    }
  }
  return out;
}

function fitLength(raw: Float64Array, n: number, fill: number): Float64Array {
  const out = new Float64Array(n).fill(fill);
  out.set(raw.subarray(0, Math.min(n, raw.length)));
  return out;
}
