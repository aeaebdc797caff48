// The scheduled backups' names and their pruning: one file per session, `mltrainer-daily-YYYY-MM-DD.backup.gz`, the
// newest N kept. Backups a user took by hand (`mltrainer backup`) are named otherwise and never pruned.
import fs from 'node:fs';
import path from 'node:path';

const DAILY = /^mltrainer-daily-(\d{4}-\d{2}-\d{2})\.backup\.gz$/;

export function dailyBackupName(session: string): string {
  return `mltrainer-daily-${session}.backup.gz`;
}

/** The scheduled backups in `dir`, newest session first. */
export function listDailyBackups(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => DAILY.test(n)).sort().reverse();
}

/** Deletes all but the newest `keep` scheduled backups; returns the names deleted. */
export function pruneDailyBackups(dir: string, keep: number): string[] {
  const stale = listDailyBackups(dir).slice(keep);
  for (const name of stale) fs.rmSync(path.join(dir, name), { force: true });
  return stale;
}
