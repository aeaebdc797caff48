// A busy `mltrainer chat` keeps its home: while it works on a backtest (on its worker pool, so its lock is refreshed
// and its event loop free), a second mltrainer on the same home is refused in one line, and the first goes on to
// answer. Embedded database only (a PostgreSQL server is shared by design).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/run-cli.ts';
import { usingPostgres } from '../support/test-db.ts';
import { seededHome } from '../support/seeded-home.ts';

let home: string;
beforeAll(async () => {
  home = await seededHome('mlt-busy-');
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('the home lock of a busy process', () => {
  it('refuses a second process while the first runs a backtest, and the first still answers', async () => {
    if (usingPostgres()) return;
    const env = { MLTRAINER_HOME: home };
    const first = startCli(['chat'], { env });
    let out = '';
    first.child.stdout.on('data', (d) => (out += d));
    const until = async (what: RegExp) => {
      const deadline = Date.now() + 120_000;
      while (!what.test(out)) {
        if (Date.now() > deadline) throw new Error(`no ${what} in: ${out.slice(-500)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      first.child.stdin.write('/status\n');
      await until(/^Database: embedded PGlite/m);
      first.child.stdin.write('/backtest rf-clf-mix-12 SPX\n/compare sma-cross-20-50 ema-cross-12-26 rsi-14-30-70 SPX\n');
      const second = await runCli(['chat', '/status'], { env });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/^mltrainer: another mltrainer is already using .*; stop it first, or set MLTRAINER_HOME to another folder \(or use DATABASE_URL\)\n$/);
      await until(/Backtest of rf-clf-mix-12 on SPX/);
      await until(/sma-cross-20-50[\s\S]*ema-cross-12-26[\s\S]*rsi-14-30-70/);
      first.child.stdin.end();
      const done = await first.exited;
      expect(done.code).toBe(0);
    } finally {
      first.child.kill('SIGKILL');
    }
  }, 180_000);
});
