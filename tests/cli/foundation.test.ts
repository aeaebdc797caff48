// The foundation as a newcomer meets it: the `mltrainer` binary run as a child process on a fresh home.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase } from '../support/test-db.ts';
import { runCli, runCliProcess } from '../support/run-cli.ts';

const ORCL = fileURLToPath(new URL('../fixtures/imports/orcl-yahoo-1995.csv', import.meta.url));

let home: string;
let env: Record<string, string | undefined>;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-cli-'));
  scratch = await createScratchDatabase();
  env = { MLTRAINER_HOME: home, DATABASE_URL: scratch.url, PORT: '0' };
});
afterAll(async () => {
  await scratch.drop();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('mltrainer on embedded defaults', () => {
  it('shows its commands with --help, as the installed command', async () => {
    const r = await runCliProcess(['--help'], { env });
    expect(r.code).toBe(0);
    for (const cmd of ['start', 'chat', 'data']) expect(r.stdout).toContain(cmd);
  });

  it('`echo /data | mltrainer start` lists SPX daily and the monthly stocks, then exits 0', async () => {
    const r = await runCliProcess(['start'], { env, input: '/data\n' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SPX\s+1d\s+2000-01-03\s+2020-04-17\s+5105/);
    for (const s of ['AAPL', 'AMZN', 'IBM', 'MSFT']) expect(r.stdout).toMatch(new RegExp(`${s}\\s+1mo\\s+2000-01-01\\s+2010-03-01\\s+123`));
    expect(r.stdout).toMatch(/GOOG\s+1mo\s+2004-08-01\s+2010-03-01\s+68/);
  });

  it('imports a Yahoo CSV and lists every row of it', async () => {
    const imported = await runCli(['data', 'import', ORCL, '--symbol', 'ORCL'], { env });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('ORCL 1d: 60 bars 1995-01-03..1995-03-28');
    const list = await runCli(['data', 'list', '--json'], { env });
    expect(list.code).toBe(0);
    const doc = JSON.parse(list.stdout) as { bars: { symbol: string; count: number; first: string; last: string; source: string; timeframe: string }[]; series: unknown[] };
    expect(doc.bars.find((b) => b.symbol === 'ORCL')).toEqual({ symbol: 'ORCL', timeframe: '1d', source: 'csv', first: '1995-01-03', last: '1995-03-28', count: 60 });
    expect(doc.bars.find((b) => b.symbol === 'SPX')?.count).toBe(5105);
    expect(doc.series).toEqual([]);
  });

  it('refuses a malformed CSV whole, naming the line, unless --skip-bad', async () => {
    const bad = path.join(home, 'bad.csv');
    fs.writeFileSync(bad, 'Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,10,11,9,10.5,10.5,100\n2020-01-03,10,9,11,10,10,100\n2020-01-06,10,11,9,10.2,10.2,100\n');
    const refused = await runCli(['data', 'import', bad, '--symbol', 'BAD'], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/line 3: .*high/i);
    expect(refused.stderr).toContain('--skip-bad');
    const skipped = await runCli(['data', 'import', bad, '--symbol', 'BAD', '--skip-bad', '--json'], { env });
    expect(skipped.code).toBe(0);
    const result = JSON.parse(skipped.stdout) as { imported: number; inserted: number; skipped: { line: number }[] };
    expect(result.imported).toBe(2);
    expect(result.inserted).toBe(2);
    expect(result.skipped.map((s) => s.line)).toEqual([3]);
  });

  it('imports only regular UTF-8 files with sane prices and dates, and --skip-bad sorts a newest-first file', async () => {
    const oneLine = async (args: string[]) => {
      const r = await runCli(args, { env });
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      return r.stderr.trim();
    };
    expect(await oneLine(['data', 'import', '/dev/zero', '--symbol', 'Z'])).toBe('mltrainer: /dev/zero is not a regular file (a device or a pipe), not a CSV file');
    const fifo = path.join(home, 'pipe.csv');
    spawnSync('mkfifo', [fifo]);
    expect(await oneLine(['data', 'import', fifo, '--symbol', 'Z'])).toMatch(/pipe\.csv is not a regular file/);
    expect(await oneLine(['data', 'import', home, '--symbol', 'Z'])).toMatch(/is a folder, not a CSV file$/);

    const header = 'Date,Open,High,Low,Close,Adj Close,Volume\n';
    const huge = path.join(home, 'huge.csv');
    fs.writeFileSync(huge, `${header}2020-01-02,1e308,1e308,1e308,1e308,1,100\n2999-01-01,10,11,9,10,10,100\n1900-01-01,10,11,9,10,10,100\n`);
    const refused = await oneLine(['data', 'import', huge, '--symbol', 'HUGE']);
    expect(refused).toMatch(/line 2: price beyond 1e\+9: open 1e308; line 3: date 2999-01-01 outside 1970-01-01 \.\. tomorrow/);

    const latin1 = path.join(home, 'latin1.csv');
    fs.writeFileSync(latin1, Buffer.from('Date,Open,High,Low,Close,Volum\xe9\n2020-01-02,10,11,9,10,100\n', 'latin1'));
    expect(await oneLine(['data', 'import', latin1, '--symbol', 'LAT'])).toMatch(/is not UTF-8 text .*save it as UTF-8/);
    const misnamed = path.join(home, 'misnamed.csv');
    fs.writeFileSync(misnamed, 'Date,Open,High,Low,Close,Volumé\n2020-01-02,10,11,9,10,100\n');
    expect(await oneLine(['data', 'import', misnamed, '--symbol', 'LAT'])).toMatch(/column "Volumé" looks like volume but is not a name I know/);

    // 100 good rows, newest first: strict import names the order; --skip-bad sorts them and keeps all 100
    const rows: string[] = [];
    for (let d = 0; d < 100; d++) rows.push(`${new Date(Date.UTC(2020, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)},10,11,9,10,10,100`);
    const reversed = path.join(home, 'newest-first.csv');
    fs.writeFileSync(reversed, header + rows.reverse().join('\n') + '\n');
    expect(await oneLine(['data', 'import', reversed, '--symbol', 'REV'])).toMatch(/date not after the previous one.*pass --skip-bad to import the 100 good rows/);
    const sorted = await runCli(['data', 'import', reversed, '--symbol', 'REV', '--skip-bad', '--json'], { env });
    expect(sorted.code).toBe(0);
    expect((JSON.parse(sorted.stdout) as { imported: number }).imported).toBe(100);
  });

  it('answers bad input with one clear line and a non-zero status', async () => {
    const missing = await runCli(['data', 'import', path.join(home, 'nope.csv'), '--symbol', 'X'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(/^mltrainer: no such file: .*nope\.csv$/);

    const flag = await runCliProcess(['data', 'list', '--bogus'], { env });
    expect(flag.code).not.toBe(0);
    expect(flag.stderr.trim()).toBe("error: unknown option '--bogus'");

    const port = await runCli(['data', 'list'], { env: { ...env, PORT: 'eighty' } });
    expect(port.code).toBe(1);
    expect(port.stderr.trim()).toMatch(/^mltrainer: PORT: /);

    const unwritable = await runCli(['data', 'list'], { env: { ...env, MLTRAINER_HOME: '/etc/hostname/sub' } });
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr.trim()).toMatch(/^mltrainer: MLTRAINER_HOME: cannot create or write to/);
  });

  it('never prints or logs a secret', async () => {
    const secrets = { FRED_API_KEY: 'fred-SECRET-0123456789', POLYGON_API_KEY: 'poly-SECRET-abcdef', MLTRAINER_LOG_LEVEL: 'debug' };
    const r = await runCli(['chat', '/status'], { env: { ...env, ...secrets } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('polygon on');
    const log = fs.readFileSync(path.join(home, 'logs', 'mltrainer.log'), 'utf8');
    expect(log.length).toBeGreaterThan(0);
    for (const s of Object.values(secrets).slice(0, 2)) {
      expect(r.stdout).not.toContain(s);
      expect(r.stderr).not.toContain(s);
      expect(log).not.toContain(s);
    }
  });
});
