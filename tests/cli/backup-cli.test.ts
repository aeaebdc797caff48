// `mltrainer backup` and `mltrainer restore` as a user runs them: a backup of a home with a position, restored into a
// fresh home (or, in the PostgreSQL pass, a fresh server database), and `chat /positions` shows the same position.
// A damaged file is refused in one line and leaves no trace; a non-empty target needs --force.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/run-cli.ts';
import { seededHome } from '../support/seeded-home.ts';
import { createScratchDatabase, usingPostgres } from '../support/test-db.ts';

let root: string;
let source: Awaited<ReturnType<typeof createScratchDatabase>>;
let target: Awaited<ReturnType<typeof createScratchDatabase>>;
const positionsLine = /SPX\s+5\s+2,874\.56\s+2,874\.56\s+2020-04-17\s+14,372\.80/;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-backup-cli-'));
  source = await createScratchDatabase();
  target = await createScratchDatabase();
  // The source home as a first start leaves it (seeded); the restores go into fresh homes.
  fs.renameSync(await seededHome('mlt-backup-cli-h1-'), path.join(root, 'h1'));
});
afterAll(async () => {
  await source.drop();
  await target.drop();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('mltrainer backup and restore', () => {
  it('backs up a home, restores it into a fresh one, and /positions answers the same', async () => {
    const env = { MLTRAINER_HOME: path.join(root, 'h1'), DATABASE_URL: source.url };
    const buy = await runCli(['chat'], { env, input: '/buy SPX 5\nyes\n' });
    expect(buy.stdout).toContain('Filled 5 at 2,874.56 (the close of 2020-04-17).');
    const backup = await runCli(['backup', '--json'], { env });
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const written = JSON.parse(backup.stdout) as { file: string; bytes: number; tables: { name: string; rows: number }[] };
    expect(path.dirname(written.file)).toBe(path.join(root, 'h1', 'backups'));
    expect(fs.statSync(written.file).size).toBe(written.bytes);
    expect(written.tables.find((t) => t.name === 'trader_fills')?.rows).toBe(1);
    expect(written.tables.find((t) => t.name === 'bars')?.rows).toBe(5105 + 4 * 123 + 68);

    const env2 = { MLTRAINER_HOME: path.join(root, 'h2'), DATABASE_URL: target.url };
    const restore = await runCli(['restore', written.file], { env: env2 });
    expect(restore.stderr).toBe('');
    expect(restore.stdout).toMatch(/^restored .* into .*: [\d,]+ rows in \d+ tables, counts and checksums verified \(backup of .* schema \d{4}_\w+\) in [\d.]+ s\n$/);
    const positions = await runCli(['chat', '/positions'], { env: env2 });
    expect(positions.stdout).toMatch(positionsLine);

    // The target now holds a book: a second restore is refused without --force, and replaces it with --force.
    const again = await runCli(['restore', written.file], { env: env2 });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^mltrainer: the target database is not empty \(.*\): restore into an empty database, or add --force to replace everything in it; nothing was changed\n$/);
    const sell = await runCli(['chat'], { env: env2, input: '/sell SPX 5\nyes\n' });
    expect(sell.stdout).toContain('Filled 5 at 2,874.56');
    const forced = await runCli(['restore', '--force', written.file], { env: env2 });
    expect(forced.code).toBe(0);
    expect((await runCli(['chat', '/positions'], { env: env2 })).stdout).toMatch(positionsLine);
  }, 240_000);

  it('refuses a damaged file in one line and creates nothing', async () => {
    const file = path.join(root, 'damaged.backup.gz');
    const good = fs.readdirSync(path.join(root, 'h1', 'backups'))[0]!;
    const bytes = fs.readFileSync(path.join(root, 'h1', 'backups', good));
    bytes[bytes.length >> 1]! ^= 0xff;
    fs.writeFileSync(file, bytes);
    const home = path.join(root, 'never');
    const r = await runCli(['restore', file], { env: { MLTRAINER_HOME: home } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^mltrainer: .*damaged\.backup\.gz is damaged \(.*\): it cannot be restored; nothing was changed\n$/);
    expect(fs.existsSync(home)).toBe(false);
    const missing = await runCli(['restore', path.join(root, 'nope.gz')], { env: { MLTRAINER_HOME: home } });
    expect(missing.stderr).toMatch(/^mltrainer: cannot read .*nope\.gz: no such file\n$/);
  });

  it.skipIf(usingPostgres())('says a running bot backs up its own embedded home', async () => {
    const env = { MLTRAINER_HOME: path.join(root, 'h1') };
    const bot = startCli(['chat'], { env });
    let out = '';
    bot.child.stdout.on('data', (d) => (out += d));
    try {
      bot.child.stdin.write('/status\n');
      for (let i = 0; i < 1200 && !/^Database: embedded PGlite/m.test(out); i++) await new Promise((r) => setTimeout(r, 50));
      const r = await runCli(['backup'], { env });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^mltrainer: a running mltrainer is using .*h1, and the embedded database opens in one process only: it takes a backup itself after each session's close \(into .*h1\/backups\); stop it to take one now\n$/);
      bot.child.stdin.end();
      expect((await bot.exited).code).toBe(0);
    } finally {
      bot.child.kill('SIGKILL');
    }
  }, 120_000);
});
