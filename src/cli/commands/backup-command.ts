// `mltrainer backup [--to FILE]` and `mltrainer restore FILE [--force]`: a checksummed snapshot of the whole database,
// and its restore into an empty database (embedded or DATABASE_URL), refused for a damaged file or a non-empty target.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { cliIo } from '../cli-io.ts';
import { fail, printJson, withDatabase } from '../run-command.ts';

const count = (n: number) => n.toLocaleString('en-US');
const size = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`);

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('write a consistent, checksummed snapshot of the whole database (default folder $MLTRAINER_HOME/backups)')
    .option('--to <file>', 'the file to write')
    .option('--json', 'print {"file", "bytes", "seconds", "schema", "tables": [{"name", "rows", "sha256"}]}')
    .action(async (opts: { to?: string; json?: boolean }) => {
      const { writeBackup, backupFileName } = await import('../../engine/backup/backup-writer.ts');
      const { wallClock } = await import('../../engine/clock.ts');
      const { homeLockState } = await import('../../engine/db/home-lock.ts');
      const { ConfigError, loadConfig } = await import('../../config.ts');
      // The embedded database belongs to one process: a running bot's home is backed up by the bot itself.
      let config: { home: string; databaseUrl?: string } | undefined;
      try {
        config = loadConfig(cliIo().env);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err; // withDatabase says what is wrong with the environment
      }
      if (config && !config.databaseUrl && homeLockState(config.home).state === 'held') {
        fail(`a running mltrainer is using ${config.home}, and the embedded database opens in one process only: it takes a backup itself after each session's close (into ${path.join(config.home, 'backups')}); stop it to take one now`);
      }
      await withDatabase(async (config, db) => {
        const started = performance.now();
        const file = opts.to ?? path.join(config.home, 'backups', backupFileName(wallClock.now()));
        const { bytes, manifest, file: written } = await writeBackup(db, { file, clock: wallClock });
        const seconds = (performance.now() - started) / 1000;
        const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
        if (opts.json) printJson({ file: written, bytes, seconds, source: manifest.source, schema: manifest.schema, tables: manifest.tables });
        else {
          cliIo().stdout.write(
            `backup written: ${written} (${size(bytes)}, ${count(rows)} rows in ${manifest.tables.length} tables, schema ${manifest.schema.tag}, from ${db.location}) in ${seconds.toFixed(1)} s\n`,
          );
        }
      });
    });

  program
    .command('restore')
    .description('restore a backup into an empty database ($MLTRAINER_HOME, or DATABASE_URL); --force replaces a non-empty one')
    .argument('<file>', 'the backup file')
    .option('--force', 'empty a database that holds rows first')
    .option('--json', 'print {"file", "rows", "seconds", "schema", "backup": {"createdAt", "source", "schema"}}')
    .action(async (file: string, opts: { force?: boolean; json?: boolean }) => {
      const { verifyBackup } = await import('../../engine/backup/backup-reader.ts');
      const { restoreBackup } = await import('../../engine/backup/backup-restorer.ts');
      const { UserError } = await import('../../engine/user-error.ts');
      const started = performance.now();
      // The whole file is checked before the target is even opened: a damaged file leaves no trace anywhere.
      const manifest = await verifyBackup(file).catch((err: unknown) => fail(err instanceof UserError ? err.message : `cannot read ${file}: ${(err as Error).message}`));
      await withDatabase(
        async (config, db) => {
          const result = await restoreBackup(db, file, { force: opts.force, verified: manifest });
          if (db.driver === 'pglite') {
            const { writeHomeMarker } = await import('../../engine/db/home-marker.ts');
            const { migrationCount } = await import('../../engine/db/database.ts');
            const { wallClock } = await import('../../engine/clock.ts');
            writeHomeMarker(config.home, migrationCount(), new Date(wallClock.now()));
          }
          const seconds = (performance.now() - started) / 1000;
          const backup = { createdAt: manifest.createdAt, source: manifest.source, schema: manifest.schema };
          if (opts.json) printJson({ file, target: db.location, rows: result.rows, tables: manifest.tables.length, seconds, schema: result.schema, backup });
          else {
            const migrated = result.schema.when === manifest.schema.when ? '' : `, migrated on to ${result.schema.tag}`;
            cliIo().stdout.write(
              `restored ${file} into ${db.location}: ${count(result.rows)} rows in ${manifest.tables.length} tables, counts and checksums verified ` +
                `(backup of ${manifest.createdAt} from ${manifest.source}, schema ${manifest.schema.tag}${migrated}) in ${seconds.toFixed(1)} s\n`,
            );
          }
        },
        { inspect: true, replaceMissing: true },
      );
    });
}
