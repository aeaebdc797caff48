// Start-up benchmark (`npm run bench:start`): the compiled CLI as a user runs it, best of 5, beside its limits: a bare
// `node -e 0` (Node's own start) and a bare PGlite open of the same home (the embedded database's own cost).
// Measures `mltrainer --help`, a one-shot `mltrainer chat "/data"` on a warm home with its peak memory, and the first
// start on a fresh home. Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin/mltrainer.js');
const RUNS = 5;

interface Run {
  seconds: number;
  peakMb: number;
}

/** One process under GNU time: wall seconds and peak resident memory. */
function timed(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env },
    encoding: 'utf8',
  });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [seconds, kb] = last.split(' ').map(Number);
  if (!Number.isFinite(seconds)) throw new Error(`could not time ${args.join(' ')}: ${r.stderr}`);
  return { seconds: seconds!, peakMb: kb! / 1024 };
}

function best(runs: Run[]): Run {
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

function repeat(n: number, f: () => Run): Run {
  return best(Array.from({ length: n }, f));
}

function line(name: string, r: Run, note = ''): string {
  return `${name.padEnd(40)} ${r.seconds.toFixed(2).padStart(6)} s  ${r.peakMb.toFixed(0).padStart(5)} MB  ${note}`;
}

function main(): void {
  if (!fs.existsSync(path.join(root, 'build/.built'))) throw new Error('run `npm run build` first: this measures the compiled CLI');
  const warm = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-bench-start-'));
  // Fill the home once (the embedded data) so the warm runs measure what every later start costs.
  timed([bin, 'chat', '/data'], { MLTRAINER_HOME: warm });
  const pgliteOpen = path.join(root, 'bench/pglite-open.mjs');
  const node = repeat(RUNS, () => timed(['-e', '0']));
  const pglite = repeat(RUNS, () => timed([pgliteOpen, path.join(warm, 'db')]));
  const help = repeat(RUNS, () => timed([bin, '--help']));
  const chat = repeat(RUNS, () => timed([bin, 'chat', '/data'], { MLTRAINER_HOME: warm }));
  const fresh = repeat(3, () => timed([bin, 'chat', '/data'], { MLTRAINER_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-bench-fresh-')) }));
  const out = [
    `start-up, best of ${RUNS} (fresh home: best of 3), compiled build`,
    line('node -e 0 (the limit)', node),
    line('bare PGlite open of the warm home', pglite),
    line('mltrainer --help', help, `target <= 0.30 s: ${help.seconds <= 0.3 ? 'met' : 'missed'}`),
    line('mltrainer chat "/data", warm home', chat, `target <= PGlite open + 0.70 s = ${(pglite.seconds + 0.7).toFixed(2)} s: ${chat.seconds <= pglite.seconds + 0.7 ? 'met' : 'missed'}; memory target <= 350 MB: ${chat.peakMb <= 350 ? 'met' : 'missed'}`),
    line('mltrainer chat "/data", fresh home', fresh, `target <= 8 s: ${fresh.seconds <= 8 ? 'met' : 'missed'}`),
  ];
  process.stdout.write(out.join('\n') + '\n');
}

main();
