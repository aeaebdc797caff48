// Logging for every module: JSON lines to $MLTRAINER_HOME/logs/mltrainer.log, and short pretty lines on a terminal
// (warnings and errors only, so they do not drown the console chat). Secret values are scrubbed from every line.
import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

let root: Logger = pino({ level: 'silent' });
let secrets: readonly string[] = [];
const children = new Map<string, Logger>();

export interface LoggingOptions {
  home: string;
  level: string;
  secrets: readonly string[];
  /** Print warnings and errors to stderr in short pretty form (default: when stderr is a terminal). */
  terminal?: boolean;
}

export function scrubSecrets(text: string): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  return out;
}

/** Opens the log file and sets the level; the module loggers handed out before follow the new root. */
export function initLogging(opts: LoggingOptions): string {
  secrets = [...opts.secrets];
  const dir = path.join(opts.home, 'logs');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'mltrainer.log');
  const streams: pino.StreamEntry[] = [{ level: opts.level as pino.Level, stream: pino.destination({ dest: file, sync: true }) }];
  if (opts.terminal ?? process.stderr.isTTY) {
    streams.push({
      level: 'warn',
      stream: pretty({ destination: 2, colorize: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss', sync: true }),
    });
  }
  root = pino(
    { level: opts.level, hooks: { streamWrite: scrubSecrets }, base: { pid: process.pid } },
    pino.multistream(streams),
  );
  children.clear();
  return file;
}

/** A child logger for one module, e.g. `logger('bar-store')`. */
export function logger(module: string): Logger {
  return new Proxy({} as Logger, {
    get(_t, prop) {
      let child = children.get(module);
      if (!child) {
        child = root.child({ module });
        children.set(module, child);
      }
      const v = (child as unknown as Record<string | symbol, unknown>)[prop];
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(child) : v;
    },
  });
}
