// `mltrainer doctor`'s checks in order: the environment, the home's disk space, the home's lock, the embedded
// database's files and marker, then (only when no other process holds the database) the database itself: it opens
// as found (nothing migrated or created), its migrations, and every table read end to end.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { checkMigrations, checkTables, reasonOf, type HealthCheck } from '../../engine/db/database-health.ts';
import { migrationJournal, openDb, type DbHandle } from '../../engine/db/database.ts';
import { homeLockState } from '../../engine/db/home-lock.ts';
import { assertDatabaseStillThere, readHomeMarker } from '../../engine/db/home-marker.ts';
import { checkServices } from './service-checks.ts';

/** Below this much free space the home's disk is reported: the database, logs, charts and backups all grow. */
export const MIN_FREE_BYTES = 1e9;

export interface DoctorReport {
  ok: boolean;
  checks: HealthCheck[];
}

function gigabytes(bytes: number): string {
  return `${(bytes / 1e9).toFixed(1)} GB`;
}

/** Free space on the disk that holds the home (or would: its nearest existing parent). */
function checkDisk(home: string): HealthCheck {
  let dir = path.resolve(home);
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    const st = fs.statfsSync(dir);
    const free = st.bavail * st.bsize;
    if (free < MIN_FREE_BYTES) return { name: 'disk', ok: false, detail: `only ${gigabytes(free)} free for ${home}: free some space (at least ${gigabytes(MIN_FREE_BYTES)}), or move MLTRAINER_HOME to a larger disk` };
    return { name: 'disk', ok: true, detail: `${gigabytes(free)} free of ${gigabytes(st.blocks * st.bsize)} for ${home}` };
  } catch (err) {
    return { name: 'disk', ok: false, detail: `cannot read the free space of ${dir} (${(err as { code?: string }).code ?? reasonOf(err)})` };
  }
}

/** The lock, the data folder and the home's marker; undefined when the database may be opened, else why not. */
function checkHome(home: string, checks: HealthCheck[]): string | undefined {
  const lock = homeLockState(home);
  if (lock.state === 'held') {
    const who = `pid ${lock.pid ?? '?'}${lock.host ? ` on ${lock.host}` : ''}`;
    checks.push({ name: 'lock', ok: true, detail: `held by another mltrainer (${who}): left alone` });
    return `not checked: another mltrainer (${who}) is using it, so it was not opened; stop that process and run mltrainer doctor again`;
  }
  checks.push({
    name: 'lock',
    ok: true,
    detail: lock.state === 'free' ? 'free' : `left by a process that is gone (pid ${lock.pid ?? '?'}): the next start takes it over`,
  });
  const dataDir = path.join(home, 'db');
  let marker: ReturnType<typeof readHomeMarker>;
  try {
    marker = readHomeMarker(home);
    assertDatabaseStillThere(home, dataDir);
  } catch (err) {
    checks.push({ name: 'home marker', ok: false, detail: reasonOf(err) });
    return 'not opened: its files are damaged or missing (see the home marker)';
  }
  const hasData = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!marker) {
    checks.push({ name: 'home marker', ok: true, detail: hasData ? 'not written yet: the next start records the database' : 'no database yet' });
    if (!hasData) return 'none yet: the first mltrainer start creates it';
    return undefined;
  }
  const known = migrationJournal().length;
  if (marker.schemaVersion > known) {
    checks.push({ name: 'home marker', ok: false, detail: `the database has schema version ${marker.schemaVersion}, this mltrainer knows ${known}: it was written by a newer mltrainer; update this one` });
  } else {
    checks.push({ name: 'home marker', ok: true, detail: `database created ${marker.createdAt}, schema version ${marker.schemaVersion}` });
  }
  return undefined;
}

/** Runs every check; nothing is created, migrated, or taken from another process. */
export async function runDoctor(config: Config, env: NodeJS.ProcessEnv, opts: { network: boolean }): Promise<DoctorReport> {
  const checks: HealthCheck[] = [checkDisk(config.home)];
  const embedded = config.databaseUrl === undefined;
  let notOpened: string | undefined;
  if (embedded) notOpened = checkHome(config.home, checks);
  else checks.push({ name: 'lock', ok: true, detail: 'not used: the database is PostgreSQL (DATABASE_URL)' });

  if (notOpened !== undefined) {
    checks.push({ name: 'database', ok: notOpened.startsWith('none yet'), detail: notOpened });
  } else {
    let handle: DbHandle | undefined;
    try {
      handle = await openDb(embedded ? { home: config.home, inspect: true } : { databaseUrl: config.databaseUrl, inspect: true });
    } catch (err) {
      checks.push({ name: 'database', ok: false, detail: `cannot be opened (${reasonOf(err)}): ${restoreAdvice(config)}` });
    }
    if (handle) {
      try {
        checks.push({ name: 'database', ok: true, detail: `opens (${handle.driver}, ${handle.location})` });
        checks.push(await checkMigrations(handle.db).catch((err: unknown) => ({ name: 'migrations', ok: false, detail: `cannot be read (${reasonOf(err)}): ${restoreAdvice(config)}` })));
        checks.push(await checkTables(handle.db, restoreAdvice(config)));
      } finally {
        await handle.close().catch(() => undefined);
      }
    }
  }
  checks.push(...(await checkServices(config, env, opts.network)));
  return { ok: checks.every((c) => c.ok), checks };
}

function restoreAdvice(config: Config): string {
  if (config.databaseUrl !== undefined) return 'restore a backup into an empty database (mltrainer restore FILE)';
  return `restore a backup: move ${config.home} aside, then mltrainer restore FILE into a fresh home (the daily backups are in ${path.join(config.home, 'backups')})`;
}
