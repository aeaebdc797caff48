// The backup file: one gzip stream of lines. A header line (`#mltrainer-backup {...}`), then per table a `#table {...}`
// line followed by its rows (each the row's `row_to_json` text, so every value keeps its exact PostgreSQL text on either
// backend), and last a `#manifest {...}` line with the row counts, checksums and sequence positions. gzip's CRC covers
// the bytes; the per-table sha256 covers the rows again after a restore.
import zlib from 'node:zlib';
import { Transform } from 'node:stream';
import { z } from 'zod';

export const BACKUP_FORMAT = 'mltrainer-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const HEADER_TAG = '#mltrainer-backup ';
export const TABLE_TAG = '#table ';
export const MANIFEST_TAG = '#manifest ';

/** The latest migration applied to the database the backup was taken from. */
export const schemaVersionSchema = z.object({ migrations: z.number().int().nonnegative(), tag: z.string(), when: z.number().int() });
export type SchemaVersion = z.infer<typeof schemaVersionSchema>;

export const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_FORMAT_VERSION),
  createdAt: z.string(),
  source: z.enum(['pglite', 'postgres']),
  schema: schemaVersionSchema,
});
export type BackupHeader = z.infer<typeof headerSchema>;

export const tableEntrySchema = z.object({ name: z.string(), rows: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
export type TableEntry = z.infer<typeof tableEntrySchema>;

/** A serial column's sequence as it stood, so a restored database never hands out an id the source already used. */
export const sequenceEntrySchema = z.object({ table: z.string(), column: z.string(), lastValue: z.number().int(), called: z.boolean() });
export type SequenceEntry = z.infer<typeof sequenceEntrySchema>;

export const manifestSchema = headerSchema.extend({
  tables: z.array(tableEntrySchema),
  sequences: z.array(sequenceEntrySchema),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

/**
 * The gzip header as written: no name, mtime 0, and the OS byte set to 255 ("unknown") on every platform, so the reader
 * can demand all ten header bytes (gzip's CRC covers only the data) and a flipped byte anywhere is refused.
 */
export const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff]);

const GZIP_OPTIONS = { level: 6 } as const;

/** The compressing stages of a backup: gzip, then its header rewritten to GZIP_HEADER. */
export function backupCompressors(): [Transform, Transform] {
  let seen = 0;
  const fixHeader = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (seen >= GZIP_HEADER.length) return done(null, chunk);
      const out = Buffer.from(chunk);
      for (let i = 0; i < out.length && seen + i < GZIP_HEADER.length; i++) out[i] = GZIP_HEADER[seen + i]!;
      seen += chunk.length;
      done(null, out);
    },
  });
  return [zlib.createGzip(GZIP_OPTIONS), fixHeader];
}

/** The whole text compressed as a backup file (tests build damaged and foreign files with it). */
export function compressBackupText(text: string): Buffer {
  const out = zlib.gzipSync(text, GZIP_OPTIONS);
  GZIP_HEADER.copy(out, 0);
  return out;
}
