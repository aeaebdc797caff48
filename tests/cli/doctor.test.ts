// `mltrainer doctor` on a healthy home, a damaged one and one in use by another process: what it prints, its exit
// status, and that it neither creates, repairs nor takes anything.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/engine/db/database.ts';
import { createScratchDatabase, usingPostgres } from '../support/test-db.ts';
import { runCli, startCli } from '../support/run-cli.ts';
import { seededHome } from '../support/seeded-home.ts';

interface Report {
  ok: boolean;
  checks: { name: string; ok: boolean; detail: string }[];
}

let home: string;
let env: Record<string, string | undefined>;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

beforeEach(async () => {
  home = await seededHome('mlt-doctor-');
  scratch = await createScratchDatabase();
  env = { MLTRAINER_HOME: home, DATABASE_URL: scratch.url, PORT: '0' };
});
afterEach(async () => {
  await scratch.drop();
  fs.rmSync(home, { recursive: true, force: true });
});

async function doctor(extra: Record<string, string | undefined> = {}): Promise<{ code: number | null; report: Report; stderr: string }> {
  const r = await runCli(['doctor', '--json'], { env: { ...env, ...extra } });
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

const check = (report: Report, name: string) => report.checks.find((c) => c.name === name);

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('mltrainer doctor', () => {
  it('passes on a healthy home, every check named, and names an unreachable service without its key', async () => {
    expect((await runCli(['data', 'list'], { env })).code).toBe(0);
    const { code, report } = await doctor();
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    const names = usingPostgres() ? ['disk', 'lock', 'database', 'migrations', 'tables', 'services'] : ['disk', 'lock', 'home marker', 'database', 'migrations', 'tables', 'services'];
    expect(report.checks.map((c) => c.name)).toEqual(names);
    expect(check(report, 'migrations')?.detail).toMatch(/^all \d+ applied \(newest \d{4}_\w+\)$/);
    expect(check(report, 'tables')?.detail).toMatch(/^all \d+ read end to end \([\d,]+ rows\)$/);
    expect(check(report, 'lock')?.detail).toBe(usingPostgres() ? 'not used: the database is PostgreSQL (DATABASE_URL)' : 'free');
    expect(check(report, 'services')?.detail).toBe('none configured: the console chat, the simulated broker and the offline understander serve');

    const port = await closedPort();
    const secret = 'poly-SECRET-0123456789';
    const human = await runCli(['doctor'], { env: { ...env, POLYGON_API_KEY: secret, POLYGON_BASE_URL: `http://127.0.0.1:${port}` } });
    expect(human.code).toBe(1);
    const polygonLine = human.stdout.split('\n').find((l) => l.includes('Polygon'));
    expect(polygonLine?.replace(/ +/g, ' ')).toBe(
      `FAIL Polygon POLYGON_API_KEY, POLYGON_BASE_URL set; cannot reach Polygon at http://127.0.0.1:${port} (connection refused): check the network and POLYGON_BASE_URL`,
    );
    expect(human.stdout.trim().split('\n').pop()).toBe('1 problem found');
    expect(human.stdout + human.stderr).not.toContain(secret);
  });

  it('names a table that cannot be read as damage, with what to do', async () => {
    expect((await runCli(['data', 'list'], { env })).code).toBe(0);
    const handle = await openDb(scratch.url ? { databaseUrl: scratch.url } : { home });
    await handle.db.execute(sql`drop table "bars"`);
    await handle.close();
    const { code, report } = await doctor();
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(check(report, 'database')?.ok).toBe(true);
    const tables = check(report, 'tables');
    expect(tables?.ok).toBe(false);
    expect(tables?.detail).toMatch(
      usingPostgres()
        ? /^damaged: bars \(relation "bars" does not exist\)\. Restore a backup into an empty database \(mltrainer restore FILE\)$/
        : /^damaged: bars \(relation "bars" does not exist\)\. Restore a backup: move .* aside, then mltrainer restore FILE into a fresh home \(the daily backups are in .*backups\)$/,
    );
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['tables']);
  });

  it.skipIf(usingPostgres())('reports a database whose PG_VERSION is missing, and creates nothing in its place', async () => {
    expect((await runCli(['data', 'list'], { env })).code).toBe(0);
    const pgVersion = path.join(home, 'db', 'PG_VERSION');
    fs.rmSync(pgVersion);
    const { code, report } = await doctor();
    expect(code).toBe(1);
    expect(check(report, 'home marker')).toEqual({
      name: 'home marker',
      ok: false,
      detail: expect.stringMatching(/^the embedded database in .*db \(created \d{4}-\d\d-\d\dT.*\) is missing or damaged \(no PG_VERSION\); nothing was created in its place\./),
    });
    expect(check(report, 'database')).toEqual({ name: 'database', ok: false, detail: 'not opened: its files are damaged or missing (see the home marker)' });
    expect(fs.existsSync(pgVersion)).toBe(false);
  });

  it.skipIf(usingPostgres())('reports a home in use by another mltrainer without opening its database or taking its lock', async () => {
    const chat = startCli(['chat'], { env });
    try {
      await heldBy(chat);
    } finally {
      if (chat.child.exitCode === null) chat.child.kill('SIGKILL');
    }
  }, 240_000);
});

/** Runs doctor while `chat` holds the home, then lets the chat finish. */
async function heldBy(chat: ReturnType<typeof startCli>): Promise<void> {
  const owner = path.join(home, 'mltrainer.lock.owner');
  for (let i = 0; i < 1200 && !fs.existsSync(owner); i++) await new Promise((r) => setTimeout(r, 100));
  expect(fs.existsSync(owner)).toBe(true);

  const { code, report } = await doctor();
  expect(code).toBe(1);
  expect(check(report, 'lock')).toEqual({ name: 'lock', ok: true, detail: `held by another mltrainer (pid ${chat.child.pid} on ${os.hostname()}): left alone` });
  expect(check(report, 'database')).toEqual({
    name: 'database',
    ok: false,
    detail: `not checked: another mltrainer (pid ${chat.child.pid} on ${os.hostname()}) is using it, so it was not opened; stop that process and run mltrainer doctor again`,
  });
  expect(report.checks.map((c) => c.name)).not.toContain('tables');

  // The running chat still owns its home and answers.
  expect(JSON.parse(fs.readFileSync(owner, 'utf8'))).toMatchObject({ pid: chat.child.pid });
  chat.child.stdin.end('/status\n');
  const ended = await chat.exited;
  expect(ended.stderr).toBe('');
  expect(ended.code).toBe(0);
  expect(ended.stdout).toMatch(/database/i);
}
