// vitest globalSetup: builds the run's seeded home template (see seeded-home.ts) with one `mltrainer data list` in a
// child process, started here and not awaited, so the test files begin while it works; the helper waits for `ready`.
// Its database is also dumped (db.tar), for the in-memory test databases to start from.
// On the PostgreSQL pass (DATABASE_URL set) the homes hold no database, and nothing is built.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';

const BIN = fileURLToPath(new URL('../../bin/mltrainer.js', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder of this run's seeded home template ('' on the PostgreSQL pass). */
    seededHomeTemplate: string;
  }
}

/**
 * The template's database as a tar of its data folder (PGlite's dump), which an in-memory test database starts from
 * (tests/support/test-db.ts) in a fraction of the second or more that PGlite's initdb and the migrations take.
 */
async function dumpDatabase(dataDir: string, file: string): Promise<void> {
  const client = await PGlite.create(dataDir);
  try {
    const dump = await client.dumpDataDir('none');
    fs.writeFileSync(`${file}.partial`, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(`${file}.partial`, file);
  } finally {
    await client.close();
  }
}

export default function setup(project: TestProject): () => Promise<void> {
  if (process.env.DATABASE_URL) {
    project.provide('seededHomeTemplate', '');
    return async () => undefined;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-seeded-home-'));
  const home = path.join(dir, 'home');
  let stderr = '';
  const child: ChildProcess = spawn(process.execPath, [BIN, 'data', 'list'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TZ: 'UTC', MLTRAINER_HOME: home },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => {
    child.on('error', (err) => {
      fs.writeFileSync(path.join(dir, 'failed'), String(err));
      resolve();
    });
    child.on('close', (code) => {
      if (code !== 0) {
        fs.writeFileSync(path.join(dir, 'failed'), `mltrainer data list exited ${code}: ${stderr}`);
        return resolve();
      }
      // The flag is written last and atomically: a test never copies a half-built home.
      dumpDatabase(path.join(home, 'db'), path.join(dir, 'db.tar'))
        .then(() => fs.writeFileSync(path.join(dir, 'ready'), ''))
        .catch((err: unknown) => fs.writeFileSync(path.join(dir, 'failed'), `dumping the seeded database failed: ${String(err)}`))
        .finally(resolve);
    });
  });
  project.provide('seededHomeTemplate', dir);
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
