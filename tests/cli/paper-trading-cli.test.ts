// The paper trader as a newcomer meets it in the console: /buy confirmed, filled at the last close with its date,
// shown by /positions and /pnl, announced as an alert; the book survives into the next process.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { createScratchDatabase } from '../support/test-db.ts';
import { seededHome } from '../support/seeded-home.ts';

let home: string;
let env: Record<string, string | undefined>;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

beforeAll(async () => {
  home = await seededHome('mlt-trade-');
  scratch = await createScratchDatabase();
  env = { MLTRAINER_HOME: home, DATABASE_URL: scratch.url, PORT: '0' };
});
afterAll(async () => {
  await scratch.drop();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('paper trading in the console', () => {
  it('fills a confirmed /buy SPX 10 at the last SPX close, shows it, and prints the alert', async () => {
    const r = await runCli(['start'], { env: { ...env, MLTRAINER_ALLOW_LIMIT_OVERRIDE: 'yes' }, input: '/buy SPX 10\nyes\n/positions\n/pnl all\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Please confirm: buy 10 SPX at market \(at about 2,874\.56 a share, the close of 2020-04-17, a notional of about 28,745\.60; note: max_symbol_weight: SPX would be 28\.7% of equity/);
    expect(r.stdout).toContain('[alerts] Fill: bought 10 SPX at 2,874.56 (bar of 2020-04-17)');
    expect(r.stdout).toContain('Filled 10 at 2,874.56 (the close of 2020-04-17).');
    expect(r.stdout).toMatch(/SPX\s+10\s+2,874\.56\s+2,874\.56\s+2020-04-17\s+28,745\.60/);
    expect(r.stdout).toMatch(/P&L .*equity 100,000\.00 to 100,000\.00/);
    expect(r.stdout).toMatch(/symbol\s+realised\s+unrealised\nSPX\s+0\.00\s+0\.00/);
  });

  it('keeps the book for the next process, refuses a bad quantity without asking, and holds the limits without the override', async () => {
    const r = await runCli(['chat', '--json'], { env, input: '/balance\n/buy SPX 0\n/buy SPX 1\n' });
    expect(r.code).toBe(0);
    const [balance, bad, over] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { intent: { name: string } | null; replies: { text: string }[] });
    expect(balance!.replies[0]!.text).toContain('Cash 71,254.40, equity 100,000.00');
    expect(bad!.replies[0]!.text).toMatch(/^qty=0: the quantity must be a positive number of shares \(to sell, use \/sell\)\. Type it like this: \/buy SYMBOL QTY/);
    // 11 SPX would be 31.6% of equity: refused at once, nothing to confirm, without MLTRAINER_ALLOW_LIMIT_OVERRIDE=yes
    expect(over!.replies[0]!.text).toMatch(/refused by max_symbol_weight: SPX would be 31\.6% of equity/);
  });
});
