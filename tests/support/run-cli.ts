// Runs `mltrainer ...` with a clean environment: in this process through the CLI's own entry point (`runCli` of
// src/cli/main.ts, its streams and environment given), or as `node bin/mltrainer.js ...` in a child process, the way a
// user runs `npx mltrainer`, where a test is about the process itself (start-up, signals, `mltrainer start`, a kill).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli as runCliInProcess } from '../../src/cli/main.ts';

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

export interface CliOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
}

/** A stream that keeps what is written to it. */
function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/**
 * Runs `mltrainer ARGS` with `input` on stdin to its end. In this process (the commands, the database and the app are
 * the same code a child runs, without its start-up), except `start` with a chat platform configured, which runs as a
 * process (it serves until a signal stops it); `start` with the console chat ends with its input, so it runs here too.
 */
export async function runCli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  const platform = opts.env?.TELEGRAM_BOT_TOKEN || opts.env?.SLACK_BOT_TOKEN || opts.env?.SLACK_SIGNING_SECRET;
  if (args[0] === 'start' && platform) return runCliProcess(args, opts);
  const stdout = collector();
  const stderr = collector();
  const stdin = Readable.from(opts.input ? [opts.input] : []);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`mltrainer ${args.join(' ')} ran past ${opts.timeoutMs ?? 90_000} ms`)), opts.timeoutMs ?? 90_000);
  });
  try {
    const code = await Promise.race([runCliInProcess(['node', 'mltrainer', ...args], { stdin, stdout: stdout.stream, stderr: stderr.stream, env: cleanEnv(opts.env) }), timedOut]);
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `node bin/mltrainer.js ARGS` as a child process with `input` on stdin to its end, killed after `timeoutMs`. */
export async function runCliProcess(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  const running = startCli(args, opts);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), opts.timeoutMs ?? 90_000);
  running.child.stdin.end(opts.input ?? '');
  try {
    return await running.exited;
  } finally {
    clearTimeout(timer);
  }
}
