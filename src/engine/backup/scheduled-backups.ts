// The daily backup after the close (the autopilot's close work calls it once per session): written into
// $MLTRAINER_HOME/backups, the newest N kept. A failure is logged, alerted and counted, never thrown: trading goes on.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { logger } from '../../log.ts';
import type { Clock } from '../clock.ts';
import type { DbHandle } from '../db/database.ts';
import type { AppMetrics } from '../metrics/app-metrics.ts';
import { emitEvent } from '../notify/event-text.ts';
import type { Notifier } from '../notify/notifier.ts';
import { dailyBackupName, pruneDailyBackups } from './backup-retention.ts';
import { writeBackup } from './backup-writer.ts';

const log = logger('backup');

export interface ScheduledBackupDeps {
  db: DbHandle;
  /** The backups folder ($MLTRAINER_HOME/backups). */
  dir: string;
  /** MLTRAINER_BACKUP_KEEP (above 0: 0 schedules none). */
  keep: number;
  clock: Clock;
  notifier: Notifier;
  metrics: AppMetrics;
}

export class ScheduledBackups {
  constructor(private readonly d: ScheduledBackupDeps) {}

  /** Backs up after the session's close and prunes; returns one line of what happened (for the run's record). */
  async runDaily(session: string): Promise<string> {
    const started = performance.now();
    try {
      const written = await writeBackup(this.d.db, { file: path.join(this.d.dir, dailyBackupName(session)), clock: this.d.clock });
      const seconds = (performance.now() - started) / 1000;
      this.d.metrics.backupWritten({ bytes: written.bytes, seconds, at: this.d.clock.now() });
      const pruned = pruneDailyBackups(this.d.dir, this.d.keep);
      log.info({ session, file: written.file, bytes: written.bytes, seconds, pruned }, 'daily backup written');
      return `written ${path.basename(written.file)} (${written.bytes} bytes)${pruned.length ? `, ${pruned.length} older pruned` : ''}`;
    } catch (err) {
      const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'error';
      log.error({ session, err }, 'daily backup failed');
      this.d.metrics.backupFailed();
      await emitEvent(this.d.notifier, { type: 'backup-failed', session, error: reason });
      return `failed: ${reason}`;
    }
  }
}
