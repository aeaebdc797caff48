// The streams and environment a CLI run uses: the process's own by default; tests run the same entry point in-process
// with their own (AsyncLocalStorage carries them through every await of the run).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

const current = new AsyncLocalStorage<CliIo>();

/** The io of the run in progress: the process's streams and environment unless a caller gave others. */
export function cliIo(): CliIo {
  return current.getStore() ?? { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

export function withCliIo<T>(io: CliIo, fn: () => Promise<T>): Promise<T> {
  return current.run(io, fn);
}
