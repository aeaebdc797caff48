// `mltrainer data import` streams a file into the store in batches, in one transaction: a file longer than a batch
// arrives whole, and a bad row on the last line of a long file leaves the store exactly as it was.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BarStore } from '../../src/engine/data/bar-store.ts';
import { openDb } from '../../src/engine/db/database.ts';
import { createScratchDatabase } from '../support/test-db.ts';
import { runCli } from '../support/run-cli.ts';
import { seededHome } from '../support/seeded-home.ts';

const ROWS = 7_777; // more than three batches of the import (2,000 each)
let home: string;
let env: Record<string, string | undefined>;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

beforeAll(async () => {
  home = await seededHome('mlt-import-');
  scratch = await createScratchDatabase();
  env = { MLTRAINER_HOME: home, DATABASE_URL: scratch.url, PORT: '0' };
});
afterAll(async () => {
  await scratch.drop();
  fs.rmSync(home, { recursive: true, force: true });
});

/** Hourly bars from 2020-01-01 00:00 UTC, close = base + i / 100. */
function hourlyCsv(count: number, base: number, lastLine?: string): string {
  const lines = ['Datetime,Open,High,Low,Close,Adj Close,Volume'];
  for (let i = 0; i < count; i++) {
    const stamp = new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
    const close = base + i / 100;
    lines.push(`${stamp},${close},${close + 1},${close - 1},${close},${close},${i}`);
  }
  if (lastLine !== undefined) lines.push(lastLine);
  return lines.join('\n') + '\n';
}

/** The stored closes of BIG, oldest first, read with the CLI closed. */
async function storedCloses(): Promise<number[]> {
  const handle = await openDb(scratch.url ? { databaseUrl: scratch.url } : { home });
  try {
    return Array.from((await new BarStore(handle.db).readBars('BIG', '1h')).close);
  } finally {
    await handle.close();
  }
}

describe('mltrainer data import of a long file', () => {
  it('writes a file longer than one batch exactly, and changes nothing when its last line is bad', async () => {
    const good = path.join(home, 'big.csv');
    fs.writeFileSync(good, hourlyCsv(ROWS, 100));
    const imported = await runCli(['data', 'import', good, '--symbol', 'BIG', '--timeframe', '1h', '--json'], { env });
    expect(imported.stderr).toBe('');
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: ROWS, imported: ROWS, inserted: ROWS, updated: 0, unchanged: 0, skipped: [] });
    const closes = await storedCloses();
    expect(closes).toHaveLength(ROWS);
    expect(closes[0]).toBe(100);
    expect(closes[ROWS - 1]).toBe(100 + (ROWS - 1) / 100);

    // Every price changed and 10 more bars, then a bad last row: refused whole, nothing written.
    const bad = path.join(home, 'big-bad-end.csv');
    fs.writeFileSync(bad, hourlyCsv(ROWS + 10, 500, '2021-12-31 00:00:00,10,9,11,10,10,1'));
    const refused = await runCli(['data', 'import', bad, '--symbol', 'BIG', '--timeframe', '1h'], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      `mltrainer: ${bad}: nothing imported, 1 bad row: line ${ROWS + 12}: high < low (9 < 11). Fix the file, or pass --skip-bad to import the ${ROWS + 10} good rows`,
    );
    expect(await storedCloses()).toEqual(closes);

    // The same file with --skip-bad: the good rows update every bar and add ten.
    const skipped = await runCli(['data', 'import', bad, '--symbol', 'BIG', '--timeframe', '1h', '--skip-bad', '--json'], { env });
    expect(JSON.parse(skipped.stdout)).toMatchObject({ imported: ROWS + 10, inserted: 10, updated: ROWS, unchanged: 0, skipped: [{ line: ROWS + 12, message: 'high < low (9 < 11)' }] });
    const after = await storedCloses();
    expect(after).toHaveLength(ROWS + 10);
    expect(after[ROWS + 9]).toBe(500 + (ROWS + 9) / 100);
  });

  it('--skip-bad keeps every row of a long newest-first file, the first of each duplicated date', async () => {
    const lines = hourlyCsv(ROWS, 1_000).trimEnd().split('\n');
    const [header, ...rows] = lines;
    // newest first, with a second, different row for the oldest hour after its first one
    const reversed = [header, ...rows.reverse(), '2020-01-01 00:00:00,7,8,6,7,7,1'].join('\n');
    const file = path.join(home, 'newest-first.csv');
    fs.writeFileSync(file, reversed);
    const r = await runCli(['data', 'import', file, '--symbol', 'REV', '--timeframe', '1h', '--skip-bad', '--json'], { env });
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: ROWS + 1, imported: ROWS, inserted: ROWS, skipped: [{ line: ROWS + 2, message: `duplicate date 2020-01-01T00:00:00.000Z (line ${ROWS + 1})` }] });
    const list = await runCli(['data', 'list', '--json'], { env });
    expect((JSON.parse(list.stdout) as { bars: { symbol: string; count: number; first: string; last: string }[] }).bars.find((b) => b.symbol === 'REV')).toMatchObject({
      count: ROWS,
      first: '2020-01-01',
      last: '2020-11-20',
    });
  });
});
