// A whole mlTrainer app for a test: a temporary MLTRAINER_HOME, a fresh test database seeded from vega-datasets (on
// PGlite copied in as the app's first start writes it, tests/support/test-db.ts),
// and a config built from the given environment (nothing from the real environment leaks in).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import type { Clock } from '../../src/engine/clock.ts';
import type { DbHandle } from '../../src/engine/db/database.ts';
import { createApp, type App } from '../../src/main.ts';
import { openTestDb } from './test-db.ts';

export interface TestApp extends App {
  home: string;
}

/** An app on a fresh home and a seeded test database, or on the database given (`db`, e.g. one a test restored). */
export async function createTestApp(env: Record<string, string> = {}, opts: { clock?: Clock; withTrading?: boolean; db?: DbHandle } = {}): Promise<TestApp> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-test-'));
  const config = loadConfig({ MLTRAINER_HOME: home, MLTRAINER_LOG_LEVEL: 'warn', ...env });
  const db = opts.db ?? (await openTestDb({ seeded: true }));
  const app = await createApp(config, { db, clock: opts.clock, terminalLogs: false, withTrading: opts.withTrading });
  return {
    ...app,
    home,
    async close() {
      await app.close();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
