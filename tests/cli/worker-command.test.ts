// `mltrainer worker` and REDIS_URL refused in one line each when what they need is missing or wrong, before anything
// is opened; a Redis server that does not answer is named without the URL's password.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { openTestDb, type TestDb } from '../support/test-db.ts';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-worker-'));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('mltrainer worker', () => {
  it('is refused without DATABASE_URL, saying why', async () => {
    const r = await runCli(['worker'], { env: { MLTRAINER_HOME: home, REDIS_URL: 'redis://127.0.0.1:6379' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'mltrainer: worker needs DATABASE_URL: workers and the evaluating process share one PostgreSQL database (the embedded one cannot be shared between processes)\n',
    );
  });

  it('is refused without REDIS_URL, saying why', async () => {
    const r = await runCli(['worker'], { env: { MLTRAINER_HOME: home, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/none' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('mltrainer: worker needs REDIS_URL: the evaluation jobs come through a Redis queue\n');
  });

  it('refuses a bad --concurrency', async () => {
    const r = await runCli(['worker', '--concurrency', 'many'], { env: { MLTRAINER_HOME: home } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('mltrainer: --concurrency: "many" is not a whole number from 1 to 256\n');
  });
});

describe('REDIS_URL', () => {
  it('without DATABASE_URL, refuses evaluate in one line saying why', async () => {
    const r = await runCli(['evaluate', '--models', 'buy-and-hold'], { env: { MLTRAINER_HOME: home, REDIS_URL: 'redis://127.0.0.1:6379' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'mltrainer: REDIS_URL: needs DATABASE_URL as well (a PostgreSQL server every process shares; the embedded database serves one process)\n',
    );
  });

  it('refuses a URL that is not redis://', async () => {
    const r = await runCli(['evaluate'], { env: { MLTRAINER_HOME: home, REDIS_URL: 'http://x', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/none' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('mltrainer: REDIS_URL: must be a redis:// or rediss:// URL, like redis://127.0.0.1:6379\n');
  });

  describe.skipIf(!process.env.DATABASE_URL)('with a Redis server that does not answer', () => {
    let db: TestDb;
    afterAll(async () => db?.close());

    it('evaluate says so in one line, without the password', async () => {
      db = await openTestDb();
      // A loopback port where nothing listens.
      const r = await runCli(['evaluate', '--models', 'buy-and-hold'], { env: { MLTRAINER_HOME: home, DATABASE_URL: db.url!, REDIS_URL: 'redis://:s3cretpass@127.0.0.1:1' }, timeoutMs: 60_000 });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('mltrainer: REDIS_URL: Redis at redis://127.0.0.1:1 did not answer within 10 s; is redis-server running there?\n');
    }, 70_000);
  });
});
