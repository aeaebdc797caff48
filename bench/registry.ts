// Benchmark of walk-forward evaluation: wall time for the whole registry on SPX daily on a 2-worker pool, the same
// without the neural nets, and the slowest models. Figures are printed, never asserted (the machine may be shared).
// It runs the compiled pool and models (build/, what `mltrainer evaluate` runs) when the build is as new as the
// sources; otherwise the sources through tsx, whose workers also pay the TypeScript loader, and it says which.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { missingInputs } from '../src/engine/evaluate/missing-inputs.ts';
import type { TaskOutcome } from '../src/engine/evaluate/evaluation-task.ts';
import { allModels } from '../src/registry/catalog.ts';
import type { Model } from '../src/registry/model.ts';
import { loadSpx } from '../tests/fixtures/spx.ts';

export interface RegistryBenchRun {
  case: string;
  models: number;
  evaluated: number;
  failed: number;
  /** Wall time including the workers' start (importing the catalog), as `mltrainer evaluate` pays it. */
  seconds: number;
  /** Target wall time from the issue, for the side-by-side print. */
  target: number;
  /** Seconds of run and scoring summed over the evaluated models (about workers x wall time when the pool is busy). */
  modelSeconds: number;
}

export interface RegistryBenchResult {
  bars: number;
  workers: number;
  runs: RegistryBenchRun[];
  /** The slowest models of the whole-registry run: seconds of run and scoring inside a worker. */
  slowest: { modelId: string; category: string; seconds: number }[];
  /** Models that failed or were refused (data they need is missing, e.g. FRED series not pulled). */
  failures: { modelId: string; error: string }[];
}

const WORKERS = 2;

/** The newest modification time under a folder. */
function newest(dir: string): number {
  let latest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    latest = Math.max(latest, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return latest;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = fs.existsSync(`${root}build/.built`) && fs.statSync(`${root}build/.built`).mtimeMs >= newest(`${root}src`);
const { evaluateMany } = (await import(
  compiled ? '../build/engine/evaluate/evaluate-many.js' : '../src/engine/evaluate/evaluate-many.ts'
)) as typeof import('../src/engine/evaluate/evaluate-many.ts');

/** Evaluates the models `mltrainer evaluate` would run on embedded SPX alone (no FRED series); the others are refused. */
async function timeRun(models: readonly Model[]): Promise<{ seconds: number; outcomes: TaskOutcome[] }> {
  const bars = loadSpx();
  const started = performance.now();
  const refused: TaskOutcome[] = [];
  const runnable: Model[] = [];
  for (const m of models) {
    const reason = missingInputs(m, bars, 'SPX 1d');
    if (reason) refused.push({ modelId: m.id, symbol: 'SPX', ok: false, error: reason });
    else runnable.push(m);
  }
  const outcomes = await evaluateMany(
    runnable.map((m) => ({ modelId: m.id, symbol: 'SPX' })),
    async () => bars,
    { workers: WORKERS, evaluation: { timed: true } },
  );
  return { seconds: (performance.now() - started) / 1000, outcomes: [...outcomes, ...refused] };
}

function modelSeconds(outcomes: readonly TaskOutcome[]): number {
  return outcomes.reduce((sum, o) => sum + (o.ok ? (o.result.seconds ?? 0) : 0), 0);
}

export async function benchRegistry(): Promise<RegistryBenchResult> {
  const bars = loadSpx().length;
  // Slowest first, as `mltrainer evaluate` orders a first run, so the two workers finish together.
  const weight = (m: Model) => ({ neural: 3, ensemble: 3, 'machine-learning': 2, regression: 0.5 })[m.category as string] ?? 0;
  const all = [...allModels()].sort((a, b) => weight(b) - weight(a));
  const noNeural = all.filter((m) => m.category !== 'neural');

  const whole = await timeRun(all);
  const light = await timeRun(noNeural);
  const count = (o: TaskOutcome[]) => o.filter((x) => x.ok).length;
  const runs: RegistryBenchRun[] = [
    { case: 'whole registry', models: all.length, evaluated: count(whole.outcomes), failed: all.length - count(whole.outcomes), seconds: whole.seconds, target: 12, modelSeconds: modelSeconds(whole.outcomes) },
    { case: 'without neural nets', models: noNeural.length, evaluated: count(light.outcomes), failed: noNeural.length - count(light.outcomes), seconds: light.seconds, target: 8, modelSeconds: modelSeconds(light.outcomes) },
  ];
  const category = new Map(all.map((m) => [m.id, m.category]));
  const slowest = whole.outcomes
    .flatMap((o) => (o.ok ? [{ modelId: o.modelId, category: category.get(o.modelId) ?? '?', seconds: o.result.seconds ?? 0 }] : []))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 10);
  const failures = whole.outcomes.flatMap((o) => (o.ok ? [] : [{ modelId: o.modelId, error: o.error }]));

  console.log(`registry: walk-forward evaluation of SPX daily (${bars} bars) on ${WORKERS} workers, ${compiled ? 'compiled (build/)' : 'from the sources (tsx; build/ is older)'} (lower is better)`);
  console.log('case'.padEnd(22), 'models'.padStart(7), 'evaluated'.padStart(10), 'failed'.padStart(7), 'wall s'.padStart(8), 'target s'.padStart(9), 'model s (sum)'.padStart(14));
  for (const r of runs) {
    console.log(
      r.case.padEnd(22),
      String(r.models).padStart(7),
      String(r.evaluated).padStart(10),
      String(r.failed).padStart(7),
      r.seconds.toFixed(1).padStart(8),
      String(r.target).padStart(9),
      r.modelSeconds.toFixed(1).padStart(14),
    );
  }
  console.log('slowest models (seconds of run and scoring in a worker):');
  for (const s of slowest) console.log(' ', s.modelId.padEnd(36), s.category.padEnd(18), s.seconds.toFixed(2).padStart(7));
  if (failures.length) {
    console.log(`failed (${failures.length}):`);
    for (const f of failures.slice(0, 10)) console.log(' ', f.modelId.padEnd(36), f.error);
  }
  return { bars, workers: WORKERS, runs, slowest, failures };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchRegistry();
}
