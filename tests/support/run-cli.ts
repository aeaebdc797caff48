// Runs `node bin/mltrainer.js ...` as a child process, the way a user runs `npx mltrainer`, with a clean environment.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/mltrainer.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TZ: 'UTC' };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  /** Resolves when the process has exited (killed or not), with what it printed. */
  exited: Promise<CliRun>;
}

/** Starts `mltrainer ARGS` and leaves its stdin open (write to `child.stdin`), for tests that kill it mid-way. */
export function startCli(args: string[], opts: { env?: Record<string, string | undefined> } = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, exited };
}

/** Runs `mltrainer ARGS` with `input` on stdin to its end, killed after `timeoutMs`. */
export async function runCli(args: string[], opts: { env?: Record<string, string | undefined>; input?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  const running = startCli(args, opts);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), opts.timeoutMs ?? 90_000);
  running.child.stdin.end(opts.input ?? '');
  try {
    return await running.exited;
  } finally {
    clearTimeout(timer);
  }
}
