// A damaged or too new backup is refused with one line before anything is written: a truncated file, a flipped byte
// (in the data or in the gzip header), a backup of a schema newer than this code; and a non-empty target without
// --force. The target's tables stay exactly as they were, even with --force.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressBackupText } from '../../../src/engine/backup/backup-format.ts';
import { restoreBackup } from '../../../src/engine/backup/backup-restorer.ts';
import { writeBackup } from '../../../src/engine/backup/backup-writer.ts';
import type { DbHandle } from '../../../src/engine/db/database.ts';
import { UserError } from '../../../src/engine/user-error.ts';
import { openTestDb } from '../../support/test-db.ts';
import { appOn, clock, digests, placeOrders } from './backup-support.ts';

let dir: string;
let good: Buffer;
let target: DbHandle;
let seeded: Awaited<ReturnType<typeof appOn>>;
let targetBefore: Record<string, { rows: number; sha256: string }>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-backup-bad-'));
  const app = await appOn(await openTestDb());
  try {
    await placeOrders(app);
    await writeBackup(app.db, { file: path.join(dir, 'good.gz'), clock });
  } finally {
    await app.close();
  }
  good = fs.readFileSync(path.join(dir, 'good.gz'));
  // A target that holds a different book (seeded bars, no orders): what a refused restore must leave as it is.
  target = await openTestDb();
  seeded = await appOn(target);
  targetBefore = await digests(target);
}, 180_000);
afterAll(async () => {
  await seeded?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function refusal(bytes: Buffer, name: string): Promise<string> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  const err = await restoreBackup(target, file, { force: true }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  const message = (err as Error).message;
  expect(message.split('\n')).toHaveLength(1);
  expect(await digests(target)).toEqual(targetBefore);
  return message;
}

describe('refused backups', () => {
  it('refuses a truncated file', async () => {
    expect(await refusal(good.subarray(0, Math.floor(good.length / 2)), 'truncated.gz')).toMatch(/truncated\.gz is damaged \(it ends early: the file is truncated\)/);
    expect(await refusal(good.subarray(0, good.length - 4), 'short.gz')).toMatch(/short\.gz is damaged/);
  });

  it('refuses a flipped byte in the data and in the gzip header', async () => {
    const flipped = Buffer.from(good);
    flipped[Math.floor(flipped.length / 2)]! ^= 0x01;
    expect(await refusal(flipped, 'flipped.gz')).toMatch(/flipped\.gz is damaged/);
    const header = Buffer.from(good);
    header[5]! ^= 0x40; // a byte of the gzip mtime, which gzip's own CRC does not cover
    expect(await refusal(header, 'header.gz')).toMatch(/header\.gz is damaged \(its gzip header was changed\)/);
  });

  it('refuses rows that do not match the manifest, even in a well-formed file', async () => {
    const text = zlib.gunzipSync(good).toString('utf8').replace(/"symbol": ?"SPX"/, '"symbol":"SPY"');
    expect(await refusal(compressBackupText(text), 'edited.gz')).toMatch(/edited\.gz is damaged \(table \w+ does not match its checksum\)/);
  });

  it('refuses a backup of a newer schema than this code knows', async () => {
    const text = zlib.gunzipSync(good).toString('utf8').replace(/"schema":\{"migrations":(\d+),"tag":"[^"]+","when":\d+\}/g, (_m, n: string) => `"schema":{"migrations":${Number(n) + 1},"tag":"9999_future","when":4102444800000}`);
    expect(await refusal(compressBackupText(text), 'newer.gz')).toMatch(/newer\.gz holds schema 9999_future, newer than this mltrainer knows \(up to \d{4}_\w+\): update mltrainer to restore it; nothing was changed/);
  });

  it('refuses a file that is not a backup', async () => {
    expect(await refusal(Buffer.from('date,close\n2020-01-02,1\n'), 'bars.csv')).toMatch(/bars\.csv is not an mltrainer backup/);
  });

  it('refuses a non-empty target without --force, naming what it holds', async () => {
    const err = await restoreBackup(target, path.join(dir, 'good.gz')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/^the target database is not empty \(\d+ tables hold rows: .*bars.*\): restore into an empty database, or add --force/);
    expect(await digests(target)).toEqual(targetBefore);
  });
});
