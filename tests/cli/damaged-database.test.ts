// A database that lost rows behind the app's back (a truncated bars table) is reported as damage at start, in one
// line saying what to do, and nothing is refilled in its place; never answered later as "there is no data".
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/engine/db/database.ts';
import { runCli } from '../support/run-cli.ts';
import { createScratchDatabase } from '../support/test-db.ts';
import { seededHome } from '../support/seeded-home.ts';

let home: string;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  home = await seededHome('mlt-damage-');
  scratch = await createScratchDatabase();
  env = { MLTRAINER_HOME: home, DATABASE_URL: scratch.url };
});
afterAll(async () => {
  await scratch.drop();
  fs.rmSync(home, { recursive: true, force: true });
});

async function barCount(): Promise<number> {
  const db = await openDb({ home, databaseUrl: scratch.url });
  try {
    const r = (await db.db.execute(sql`select count(*)::int as n from bars`)) as unknown as { rows?: { n: number }[] } & { n: number }[];
    return Number((r.rows ?? r)[0]!.n);
  } finally {
    await db.close();
  }
}

describe('a damaged database', () => {
  it('refuses to start on a truncated bars table, says so in one line, and refills nothing', async () => {
    expect((await runCli(['data', 'list'], { env })).code).toBe(0);
    const db = await openDb({ home, databaseUrl: scratch.url });
    await db.db.execute(sql`truncate table bars`);
    await db.close();

    const r = await runCli(['chat', '/data'], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'mltrainer: the database is damaged: the bar store was filled with 5105 SPX daily bars and now holds 0; ' +
        'run `mltrainer doctor` to see what else is wrong, and restore a backup of the database to recover\n',
    );
    expect(await barCount()).toBe(0);
  });

  it('says an embedded database it cannot read may be damaged (a scrambled pg_control), in one line', async () => {
    if (scratch.url) return; // the embedded database's own files
    const other = await seededHome('mlt-damage-');
    try {
      expect((await runCli(['data', 'list'], { env: { MLTRAINER_HOME: other } })).code).toBe(0);
      const control = path.join(other, 'db', 'global', 'pg_control');
      const fd = fs.openSync(control, 'r+');
      fs.writeSync(fd, Buffer.alloc(512, 0x5a), 0, 512, 0);
      fs.closeSync(fd);
      const r = await runCli(['chat', '/data'], { env: { MLTRAINER_HOME: other } });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'mltrainer: the embedded database stopped on data it could not read (it may be damaged): run `mltrainer doctor`, ' +
          'and restore a backup of the database if it reports damage\n',
      );
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
