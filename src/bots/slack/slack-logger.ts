// Bolt's logger interface, writing into our pino log (where secret values are scrubbed) instead of the console.
import { LogLevel, type Logger } from '@slack/bolt';
import { logger } from '../../log.ts';

export function boltLogger(): Logger {
  const log = logger('slack-bolt');
  let level = LogLevel.WARN;
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => log.debug(text(msg)),
    info: (...msg: unknown[]) => log.info(text(msg)),
    warn: (...msg: unknown[]) => log.warn(text(msg)),
    error: (...msg: unknown[]) => log.error(text(msg)),
    setLevel: (l: LogLevel) => (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}
