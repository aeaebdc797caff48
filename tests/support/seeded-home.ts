// A fresh MLTRAINER_HOME holding what `mltrainer data list` leaves on a first run: the embedded database created,
// migrated and seeded with the vega-datasets bars (5105 SPX days, the monthly stocks), and its home marker. Building
// that costs seconds of CPU each time (PGlite's initdb, the migrations, the seed), so one is built per run
// (seeded-home-setup.ts) and copied. Tests about a first start on an empty home create an empty one instead
// (tests/cli/foundation.test.ts). On the PostgreSQL pass the database is the test's own on the server, and the
// home starts empty, as before.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { usingPostgres } from './test-db.ts';

/** Resolves with the template home once the run's build of it has finished; throws if that build failed. */
async function template(): Promise<string> {
  const dir = inject('seededHomeTemplate');
  if (!dir) throw new Error('no seeded home template: is tests/support/seeded-home-setup.ts the globalSetup?');
  for (let i = 0; i < 2400; i++) {
    if (fs.existsSync(path.join(dir, 'ready'))) return path.join(dir, 'home');
    if (fs.existsSync(path.join(dir, 'failed'))) throw new Error(`the seeded home template failed: ${fs.readFileSync(path.join(dir, 'failed'), 'utf8')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the seeded home template was not ready after 240 s');
}

/**
 * The template's embedded database as PGlite's dump of its data folder, once per process: an in-memory database started
 * from it skips initdb and the migrations (tests/support/test-db.ts). Undefined where no template is built (PostgreSQL).
 */
let dump: Promise<Blob | undefined> | undefined;
export function seededDatabaseDump(): Promise<Blob | undefined> {
  dump ??= (async () => {
    let dir = '';
    try {
      dir = inject('seededHomeTemplate');
    } catch {
      return undefined; // outside a vitest run (bench/): no template
    }
    if (!dir) return undefined;
    const home = await template();
    return new Blob([fs.readFileSync(path.join(path.dirname(home), 'db.tar'))]);
  })();
  return dump;
}

/** A new home (a temporary folder named with `prefix`) with a seeded embedded database; empty on PostgreSQL. */
export async function seededHome(prefix: string): Promise<string> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (usingPostgres()) return home;
  const from = await template();
  // The database and its marker only: the template's logs and charts are not this test's.
  fs.cpSync(path.join(from, 'db'), path.join(home, 'db'), { recursive: true });
  fs.copyFileSync(path.join(from, 'database.json'), path.join(home, 'database.json'));
  return home;
}
