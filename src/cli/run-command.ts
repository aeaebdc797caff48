// Runs one CLI command: loads the config, builds the app, and turns any failure into one line on stderr and a
// non-zero exit (never a stack trace for bad input).
import { ConfigError, loadConfig, redact, type Config } from '../config.ts';
import { UserError } from '../engine/user-error.ts';
import { logger } from '../log.ts';
import { createApp, type App, type CreateAppOptions } from '../main.ts';

export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Prints one line on stderr and ends the process with status 1. */
export function fail(message: string): never {
  process.stderr.write(`mltrainer: ${message}\n`);
  throw new CliExit(1);
}

export async function withApp<T>(fn: (app: App) => Promise<T>, opts: Pick<CreateAppOptions, 'withTrading'> = {}): Promise<T> {
  let config: Config | undefined;
  let app: App | undefined;
  try {
    config = loadConfig();
    app = await createApp(config, opts);
    return await fn(app);
  } catch (err) {
    if (err instanceof CliExit) throw err;
    if (err instanceof ConfigError || err instanceof UserError) fail(redact(err.message, config?.secretValues ?? []));
    logger('cli').error({ err }, 'command failed');
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    return fail(`unexpected error: ${redact(message, config?.secretValues ?? [])} (details in the log)`);
  } finally {
    await app?.close().catch(() => undefined);
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
