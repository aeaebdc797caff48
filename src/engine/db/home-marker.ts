// The home's record that it holds a database: written once the embedded database is created, with its creation time
// and schema version. A start that finds the record but not the database refuses to start over on an empty one, so a
// deleted or damaged folder is never silently replaced by a fresh book.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../user-error.ts';

const markerSchema = z.object({ createdAt: z.string(), schemaVersion: z.number().int().nonnegative() });
export type HomeMarker = z.infer<typeof markerSchema>;

const markerPath = (home: string) => path.join(home, 'database.json');

export function readHomeMarker(home: string): HomeMarker | null {
  let text: string;
  try {
    text = fs.readFileSync(markerPath(home), 'utf8');
  } catch {
    return null;
  }
  const parsed = markerSchema.safeParse(JSON.parse(text.trim() || 'null'));
  if (!parsed.success) throw new UserError(`${markerPath(home)} is damaged; it records that this home holds a database: check the folder, or move it aside to start afresh`);
  return parsed.data;
}

/** Refuses to open (and so create) a database where the home says one was, but its files are gone. */
export function assertDatabaseStillThere(home: string, dataDir: string): void {
  const marker = readHomeMarker(home);
  if (!marker) return;
  if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  throw new UserError(
    `the embedded database in ${dataDir} (created ${marker.createdAt}) is missing or damaged (no PG_VERSION); nothing was created in its place. ` +
      `Put back the folder from a copy of ${home}, or move ${home} aside to start afresh with an empty book`,
  );
}

/** Records (or updates) the marker after a successful open, atomically. */
export function writeHomeMarker(home: string, schemaVersion: number, now: Date): void {
  const before = readHomeMarker(home);
  if (before && before.schemaVersion === schemaVersion) return;
  const marker: HomeMarker = { createdAt: before?.createdAt ?? now.toISOString(), schemaVersion };
  const tmp = `${markerPath(home)}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(marker)}\n`);
  fs.renameSync(tmp, markerPath(home));
}
