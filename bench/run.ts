// `npm run bench`: every benchmark in one run (indicators, backtester, chat core, registry evaluation), each printing its figures
// beside its peer or target, then the headline figures together. Nothing is asserted: speed is reported, not tested.
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { benchBacktest, type BacktestBenchRow } from './backtest.ts';
import { benchChatCore, type ChatCoreBench } from './chat.ts';
import { benchRegistry, type RegistryBenchResult } from './registry.ts';
import { benchWorkers, type WorkersBenchRow } from './workers.ts';

type Row = Record<string, unknown>;

/** A benchmark module a colleague may still be writing: imported when its file exists. */
async function optionalBench(file: string, exported: string): Promise<(() => Promise<unknown>) | undefined> {
  const url = new URL(file, import.meta.url);
  if (!fs.existsSync(fileURLToPath(url))) return undefined;
  const mod = (await import(url.href)) as Record<string, unknown>;
  const fn = mod[exported];
  return typeof fn === 'function' ? (fn as () => Promise<unknown>) : undefined;
}

function section(title: string): void {
  console.log(`\n=== ${title} ===`);
}

const started = performance.now();
console.log(`mlTrainer benchmarks: Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}), load average ${os.loadavg()[0]!.toFixed(2)}`);

section('indicators');
const benchIndicators = await optionalBench('./indicators.ts', 'benchIndicators');
const indicators = benchIndicators ? ((await benchIndicators()) as Row[]) : undefined;
if (!benchIndicators) console.log('bench/indicators.ts is not there yet: skipped');

section('backtest');
const backtest: BacktestBenchRow[] = await benchBacktest();

section('chat core (the Telegram figures: npm run bench:chat)');
const chat: ChatCoreBench = await benchChatCore();

section('registry evaluation');
const registry: RegistryBenchResult = await benchRegistry();

section('registry evaluation on worker processes (DATABASE_URL and REDIS_URL)');
const workers: WorkersBenchRow[] | undefined = await benchWorkers();

section('headline figures');
// Ours beside technicalindicators per indicator (the peer, aiming at 10x), read from the indicator rows.
for (const row of indicators ?? []) {
  if (row.implementation !== 'ours') continue;
  const of = (impl: string) => Number(indicators!.find((r) => r.indicator === row.indicator && r.implementation === impl)?.ms);
  const ms = Number(row.ms);
  const loop = of('plain loop');
  const peers = ['@ixjb94/indicators', 'indicatorts', 'technicalindicators'].map((impl) => `${impl} ${of(impl).toFixed(1)} ms`).join(', ');
  console.log(`indicators: ${String(row.indicator)} over 1M bars: ${ms.toFixed(1)} ms, ${(ms / loop).toFixed(2)}x the plain loop (target <= 1.3x: ${ms / loop <= 1.3 ? 'met' : 'missed'}); ${peers}`);
}
console.log(`chat core: ${chat.perSecond.toFixed(0)} msg/s (target >= 1,000), p50 ${chat.p50.toFixed(0)} ms, p99 ${chat.p99.toFixed(0)} ms (target < 150 ms)`);
for (const r of backtest) console.log(`backtest: ${r.case}: ${r.engine.toFixed(1)} backtests/s, ${(r.engine / r.naive).toFixed(1)}x the naive loop`);
for (const r of registry.runs) {
  console.log(`evaluation: ${r.case} (${r.models} models, ${r.failed} failed) on SPX daily, ${registry.workers} workers: ${r.seconds.toFixed(1)} s (target < ${r.target} s)`);
}
for (const r of workers ?? []) console.log(`evaluation: whole registry on SPX daily, ${r.case}: ${r.seconds.toFixed(1)} s`);
console.log(`all benchmarks: ${((performance.now() - started) / 1000).toFixed(1)} s; load average now ${os.loadavg()[0]!.toFixed(2)}`);
