// The embedded database's lock: a second process is refused while the first lives; a crashed owner's lock is taken
// over at the next start, at once, without waiting for it to go stale.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockHome } from '../../../src/engine/db/home-lock.ts';

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
});

/** A home whose lock was taken (just now, so not stale) by process `pid` on host `host`. */
function lockedBy(pid: number, host = os.hostname()): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-homelock-'));
  homes.push(home);
  fs.mkdirSync(path.join(home, 'mltrainer.lock'));
  fs.writeFileSync(path.join(home, 'mltrainer.lock.owner'), JSON.stringify({ pid, host }));
  return home;
}

describe('the home lock', () => {
  it('takes over the fresh lock of a process that no longer exists, and releases it cleanly', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const home = lockedBy(dead);
    const release = await lockHome(home);
    const owner = JSON.parse(fs.readFileSync(path.join(home, 'mltrainer.lock.owner'), 'utf8'));
    expect(owner).toEqual({ pid: process.pid, host: os.hostname() });
    await release();
    expect(fs.existsSync(path.join(home, 'mltrainer.lock'))).toBe(false);
    expect(fs.existsSync(path.join(home, 'mltrainer.lock.owner'))).toBe(false);
  });

  it('refuses while the owner lives, and when the owner is on another machine', async () => {
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await expect(lockHome(lockedBy(alive.pid!))).rejects.toThrow(/another mltrainer is already using/);
    } finally {
      alive.kill();
    }
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    await expect(lockHome(lockedBy(dead, 'some-other-host'))).rejects.toThrow(/another mltrainer is already using/);
  });

  it('never counts a living owner\'s lock stale, however long since its refresh (a busy process keeps its database)', async () => {
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const home = lockedBy(alive.pid!);
      const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
      fs.utimesSync(path.join(home, 'mltrainer.lock'), tenMinutesAgo, tenMinutesAgo);
      await expect(lockHome(home)).rejects.toThrow(/another mltrainer is already using/);
    } finally {
      alive.kill();
    }
  });

  it('refuses a second lock in the same process', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-homelock-'));
    homes.push(home);
    const release = await lockHome(home);
    await expect(lockHome(home)).rejects.toThrow(/another mltrainer is already using/);
    await release();
  });
});
