// CSV import benchmark (`npx tsx bench/import.ts [MB]`): writes a ~200 MB file of one-minute bars (a seeded random
// walk, generated input for measuring time and memory only, imported into a throw-away home, never a real store),
// then imports it with the compiled CLI under GNU time, as a user would, and prints the wall time and peak memory.
// Asserts nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../tests/fakes/synthetic-market.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin/mltrainer.js');

/** Writes Yahoo-style one-minute bars from 2020-01-01 until the file holds `bytes`; returns the bar count. */
export function writeBenchCsv(file: string, bytes: number): number {
  const rand = seededRandom(21);
  const fd = fs.openSync(file, 'w');
  let written = fs.writeSync(fd, 'Datetime,Open,High,Low,Close,Adj Close,Volume\n');
  let price = 100;
  let time = Date.UTC(2020, 0, 1);
  let count = 0;
  while (written < bytes) {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const open = price;
      const close = Math.max(1, open * (1 + (rand() - 0.5) * 0.004));
      const high = Math.max(open, close) * (1 + rand() * 0.001);
      const low = Math.min(open, close) * (1 - rand() * 0.001);
      const stamp = new Date(time).toISOString().replace('T', ' ').slice(0, 19);
      lines.push(`${stamp},${open.toFixed(6)},${high.toFixed(6)},${low.toFixed(6)},${close.toFixed(6)},${close.toFixed(6)},${Math.floor(rand() * 1e6)}`);
      price = close;
      time += 60_000;
      count++;
    }
    written += fs.writeSync(fd, lines.join('\n') + '\n');
  }
  fs.closeSync(fd);
  return count;
}

interface Run {
  seconds: number;
  peakMb: number;
  stdout: string;
}

/** One process under GNU time: wall seconds and peak resident memory. */
function timed(args: string[], env: Record<string, string>): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env },
    encoding: 'utf8',
    maxBuffer: 64e6,
  });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [seconds, kb] = last.split(' ').map(Number);
  if (!Number.isFinite(seconds)) throw new Error(`could not time ${args.join(' ')}: ${r.stderr.slice(0, 2000)}`);
  return { seconds: seconds!, peakMb: kb! / 1024, stdout: r.stdout };
}

function main(): void {
  if (!fs.existsSync(path.join(root, 'build/.built'))) throw new Error('run `npm run build` first: this measures the compiled CLI');
  const mb = Number(process.argv[2] ?? 200);
  const file = path.join(os.tmpdir(), `mlt-bench-import-${mb}mb.csv`);
  if (!fs.existsSync(file)) {
    const bars = writeBenchCsv(file, mb * 1e6);
    console.log(`wrote ${file}: ${bars} one-minute bars`);
  }
  const size = fs.statSync(file).size;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-bench-import-'));
  const env: Record<string, string> = { MLTRAINER_HOME: home };
  if (process.env.DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL;
  try {
    // Open (and seed) the home first, so the figure is the import's own.
    timed([bin, 'data', 'list'], env);
    const run = timed([bin, 'data', 'import', file, '--symbol', 'BENCH', '--timeframe', '1m', '--json'], env);
    const result = JSON.parse(run.stdout) as { imported: number; inserted: number };
    console.log(
      `import of ${(size / 1e6).toFixed(0)} MB (${result.imported} bars, ${result.inserted} new)`.padEnd(48) +
        `${run.seconds.toFixed(1).padStart(7)} s  ${run.peakMb.toFixed(0).padStart(5)} MB peak RSS`,
    );
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

main();
