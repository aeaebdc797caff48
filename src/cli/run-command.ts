// Runs one CLI command: loads the config, builds the app, and turns any failure into one line on stderr and a
// non-zero exit (never a stack trace for bad input).
import fs from 'node:fs';
import type { Config } from '../config.ts';
import type { DbHandle, OpenDbOptions } from '../engine/db/database.ts';
import { cliIo } from './cli-io.ts';
import type { App, CreateAppOptions } from '../main.ts';

export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Prints one line on stderr and ends the process with status 1. */
export function fail(message: string): never {
  cliIo().stderr.write(`mltrainer: ${message}\n`);
  throw new CliExit(1);
}

export async function withApp<T>(fn: (app: App) => Promise<T>, opts: Pick<CreateAppOptions, 'withTrading'> = {}): Promise<T> {
  let config: Config | undefined;
  let app: App | undefined;
  // Loaded here, not at the top: `--help`, `--version` and argument errors never load the app or open the database.
  const { ConfigError, loadConfig, redact } = await import('../config.ts');
  const { UserError } = await import('../engine/user-error.ts');
  const { logger } = await import('../log.ts');
  const { createApp } = await import('../main.ts');
  try {
    config = loadConfig(cliIo().env);
    app = await createApp(config, opts);
    return await fn(app);
  } catch (err) {
    if (err instanceof CliExit) throw err;
    if (err instanceof ConfigError || err instanceof UserError) fail(redact(err.message, config?.secretValues ?? []));
    logger('cli').error({ err }, 'command failed');
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    // PGlite's WebAssembly build aborts on a data folder it cannot read: say what that means, not "Aborted()".
    if (/^Aborted\(|PGlite failed to initialize/.test(message) && !config?.databaseUrl) {
      return fail('the embedded database stopped on data it could not read (it may be damaged): run `mltrainer doctor`, and restore a backup of the database if it reports damage');
    }
    return fail(`unexpected error: ${redact(message, config?.secretValues ?? [])} (details in the log)`);
  } finally {
    await app?.close().catch(() => undefined);
  }
}

/**
 * Runs a command that needs only the database (backup, restore), opened as `open` says, with withApp's handling of
 * failures: a UserError or a bad environment is one line on stderr.
 */
export async function withDatabase<T>(fn: (config: Config, db: DbHandle) => Promise<T>, open: Pick<OpenDbOptions, 'inspect' | 'replaceMissing'> = {}): Promise<T> {
  let config: Config | undefined;
  let db: DbHandle | undefined;
  const { ConfigError, loadConfig, redact } = await import('../config.ts');
  const { UserError } = await import('../engine/user-error.ts');
  const { initLogging, logger } = await import('../log.ts');
  const { openDb } = await import('../engine/db/database.ts');
  try {
    config = loadConfig(cliIo().env);
    fs.mkdirSync(config.home, { recursive: true });
    initLogging({ home: config.home, level: config.logLevel, secrets: config.secretValues });
    db = await openDb({ home: config.home, databaseUrl: config.databaseUrl, ...open });
    return await fn(config, db);
  } catch (err) {
    if (err instanceof CliExit) throw err;
    if (err instanceof ConfigError || err instanceof UserError) fail(redact(err.message, config?.secretValues ?? []));
    logger('cli').error({ err }, 'command failed');
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    return fail(`unexpected error: ${redact(message, config?.secretValues ?? [])} (details in the log)`);
  } finally {
    await db?.close().catch(() => undefined);
  }
}

export function printJson(value: unknown): void {
  cliIo().stdout.write(JSON.stringify(value, null, 2) + '\n');
}
