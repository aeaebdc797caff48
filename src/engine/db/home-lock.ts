// One mltrainer per embedded database: PGlite is one connection in one process, so a second process on the same home
// is refused rather than allowed to lose writes. The lock (proper-lockfile) names its owner, so after a crash the next
// start takes it over at once when that process is gone. While the owner lives its lock never goes stale: a process busy
// for minutes (a long computation holds the event loop, so the refresh cannot run) still owns its database. Staleness
// by age is kept only for an owner on another machine, after a week.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { UserError } from '../user-error.ts';

/** An owner we cannot ask (another machine) is presumed gone after this long without a refresh. */
const STALE_MS = 7 * 24 * 3600_000;
const REFRESH_MS = 60_000;

interface LockOwner {
  pid: number;
  host: string;
}

function paths(home: string): { lock: string; owner: string } {
  const lock = path.join(home, 'mltrainer.lock');
  return { lock, owner: `${lock}.owner` };
}

async function acquire(home: string): Promise<() => Promise<void>> {
  const { lock, owner } = paths(home);
  const release = await lockfile.lock(home, { lockfilePath: lock, stale: STALE_MS, update: REFRESH_MS, onCompromised: lockLost(home) });
  const me: LockOwner = { pid: process.pid, host: os.hostname() };
  fs.writeFileSync(owner, JSON.stringify(me));
  return async () => {
    fs.rmSync(owner, { force: true });
    await release();
  };
}

/**
 * The lock was removed or taken under us (someone deleted the folder by hand): stop, cleanly and saying why, rather
 * than go on writing a database another process may now open. The process's own SIGTERM handling closes what is open.
 */
function lockLost(home: string): (err: Error) => void {
  return (err) => {
    process.stderr.write(`mltrainer: the lock on ${home} was lost (${err.message}); stopping so that two processes never write one database\n`);
    process.exitCode = 1;
    process.kill(process.pid, 'SIGTERM');
  };
}

/** True only when the lock's owner was a process on this machine that no longer exists (killed, crashed). */
function ownerIsGone(ownerFile: string): boolean {
  try {
    const owner = JSON.parse(fs.readFileSync(ownerFile, 'utf8')) as Partial<LockOwner>;
    if (owner.host !== os.hostname() || typeof owner.pid !== 'number' || owner.pid === process.pid) return false;
    process.kill(owner.pid, 0); // signal 0 only asks whether the process exists
    return false;
  } catch (err) {
    return (err as { code?: string }).code === 'ESRCH';
  }
}

/** Locks `home` for this process; the returned function releases it. */
export async function lockHome(home: string): Promise<() => Promise<void>> {
  try {
    fs.mkdirSync(home, { recursive: true });
    fs.accessSync(home, fs.constants.W_OK);
  } catch {
    throw new UserError(`MLTRAINER_HOME: cannot write to ${home}; choose a writable folder`);
  }
  const { lock, owner } = paths(home);
  try {
    return await acquire(home);
  } catch (err) {
    if ((err as { code?: string }).code !== 'ELOCKED') throw err;
    if (ownerIsGone(owner)) {
      // the owner died without releasing: its lock is ours to remove (if two starts race here, mkdir picks one)
      fs.rmSync(lock, { recursive: true, force: true });
      fs.rmSync(owner, { force: true });
      try {
        return await acquire(home);
      } catch (again) {
        if ((again as { code?: string }).code !== 'ELOCKED') throw again;
      }
    }
    throw new UserError(
      `another mltrainer is already using ${home}; stop it first, or set MLTRAINER_HOME to another folder (or use DATABASE_URL)`,
    );
  }
}

/** Who holds a home's lock, found without touching it (`mltrainer doctor`). */
export type HomeLockState =
  | { state: 'free' }
  /** A live process (or one on another machine) holds it: its database must not be opened. */
  | { state: 'held'; pid?: number; host?: string }
  /** Left by a process of this machine that is gone: the next start takes it over. */
  | { state: 'left'; pid?: number };

export function homeLockState(home: string): HomeLockState {
  const { lock, owner } = paths(home);
  if (!fs.existsSync(lock)) return { state: 'free' };
  let who: Partial<LockOwner> = {};
  try {
    who = JSON.parse(fs.readFileSync(owner, 'utf8')) as Partial<LockOwner>;
  } catch {
    // a lock without its owner file: an older mltrainer, or one caught between the two writes
  }
  const pid = typeof who.pid === 'number' ? who.pid : undefined;
  if (ownerIsGone(owner)) return { state: 'left', pid };
  if (!lockfile.checkSync(home, { lockfilePath: lock, stale: STALE_MS })) return { state: 'left', pid };
  return { state: 'held', pid, host: typeof who.host === 'string' ? who.host : undefined };
}
