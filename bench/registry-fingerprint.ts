// Fingerprint of the whole registry on SPX daily: every metric (and every prediction) of every model, dumped to JSON,
// so a speed change can prove its results unchanged. Also prints each model's seconds, measured in this one process.
//   npx tsx bench/registry-fingerprint.ts dump OUT.json [--shard i/n] [--only ID,ID]
//   npx tsx bench/registry-fingerprint.ts compare BASE.json NEW.json [NEW2.json ...]   (shards of NEW are merged)
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { evaluateModel } from '../src/engine/evaluate/evaluate-model.ts';
import { missingInputs } from '../src/engine/evaluate/missing-inputs.ts';
import { allModels, getModel } from '../src/registry/catalog.ts';
import { loadSpx } from '../tests/fixtures/spx.ts';

interface Entry {
  id: string;
  category: string;
  seconds: number;
  error?: string;
  metrics?: Record<string, number | null>;
  /** NaN and infinities as strings, so JSON keeps them. */
  predictions?: (number | string)[];
}

const enc = (v: number): number | string => (Number.isFinite(v) ? v : String(v));
const dec = (v: number | string | null): number => (typeof v === 'number' ? v : v === null ? NaN : Number(v));

function dump(out: string, shard: [number, number], only?: Set<string>): void {
  const bars = loadSpx();
  const entries: Entry[] = [];
  allModels().forEach((m, k) => {
    if (k % shard[1] !== shard[0] || (only && !only.has(m.id))) return;
    if (missingInputs(m, bars, 'SPX 1d')) return;
    const started = performance.now();
    try {
      const r = evaluateModel(m, bars, { keepPredictions: true }, (id) => getModel(id));
      const seconds = (performance.now() - started) / 1000;
      const metrics = Object.fromEntries(Object.entries(r.metrics).map(([k2, v]) => [k2, enc(v) as number]));
      entries.push({ id: m.id, category: m.category, seconds, metrics, predictions: Array.from(r.predictions!, enc) });
    } catch (err) {
      entries.push({ id: m.id, category: m.category, seconds: (performance.now() - started) / 1000, error: String(err) });
    }
  });
  writeFileSync(out, JSON.stringify(entries));
  const total = entries.reduce((s, e) => s + e.seconds, 0);
  console.log(`${entries.length} models, ${total.toFixed(1)} model-seconds -> ${out}`);
}

/** Absolute difference for values near zero, relative otherwise; NaN equals NaN. */
function difference(a: number, b: number): number {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  if (a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  return Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
}

function compare(basePath: string, newPaths: string[]): void {
  const base: Entry[] = JSON.parse(readFileSync(basePath, 'utf8'));
  const fresh = new Map<string, Entry>();
  for (const p of newPaths) for (const e of JSON.parse(readFileSync(p, 'utf8')) as Entry[]) fresh.set(e.id, e);
  let compared = 0;
  let maxMetric = 0;
  let maxPrediction = 0;
  const bad: string[] = [];
  const byCategory = new Map<string, [number, number]>();
  for (const b of base) {
    const n = fresh.get(b.id);
    if (!n) continue;
    compared++;
    const c = byCategory.get(b.category) ?? [0, 0];
    byCategory.set(b.category, [c[0] + b.seconds, c[1] + n.seconds]);
    if (b.error || n.error) {
      if (b.error !== n.error) bad.push(`${b.id}: error ${b.error} vs ${n.error}`);
      continue;
    }
    const keys = new Set([...Object.keys(b.metrics!), ...Object.keys(n.metrics!)]);
    for (const k of keys) {
      const d = difference(dec(b.metrics![k] ?? null), dec(n.metrics![k] ?? null));
      maxMetric = Math.max(maxMetric, d);
      if (d > 1e-12) bad.push(`${b.id} ${k}: ${b.metrics![k]} vs ${n.metrics![k]}`);
    }
    for (let i = 0; i < b.predictions!.length; i++) {
      const d = difference(dec(b.predictions![i]!), dec(n.predictions![i] ?? null));
      maxPrediction = Math.max(maxPrediction, d);
    }
  }
  console.log('category'.padEnd(20), 'base s'.padStart(8), 'new s'.padStart(8));
  let tb = 0;
  let tn = 0;
  for (const [cat, [sb, sn]] of [...byCategory].sort((x, y) => y[1][0] - x[1][0])) {
    console.log(cat.padEnd(20), sb.toFixed(2).padStart(8), sn.toFixed(2).padStart(8));
    tb += sb;
    tn += sn;
  }
  console.log('total'.padEnd(20), tb.toFixed(2).padStart(8), tn.toFixed(2).padStart(8));
  console.log(`${compared} models compared (base has ${base.length}); max metric difference ${maxMetric}, max prediction difference ${maxPrediction}`);
  for (const line of bad.slice(0, 30)) console.log('  MISMATCH', line);
  if (bad.length) {
    console.log(`${bad.length} metric mismatches above 1e-12`);
    process.exitCode = 1;
  }
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'dump') {
  const shardArg = rest.indexOf('--shard');
  const shard = shardArg >= 0 ? (rest[shardArg + 1]!.split('/').map(Number) as [number, number]) : ([0, 1] as [number, number]);
  const onlyArg = rest.indexOf('--only');
  const only = onlyArg >= 0 ? new Set(rest[onlyArg + 1]!.split(',')) : undefined;
  dump(rest[0]!, shard, only);
} else if (mode === 'compare') {
  compare(rest[0]!, rest.slice(1));
} else {
  console.log('usage: registry-fingerprint.ts dump OUT.json [--shard i/n] [--only ID,ID] | compare BASE.json NEW.json...');
  process.exitCode = 2;
}
