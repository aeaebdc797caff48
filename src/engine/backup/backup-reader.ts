// Reads a backup file back: checks every byte of the gzip header (gzip's own CRC covers the rest), streams its lines,
// and verifies the whole file against its manifest (every table's row count and sha256) before a restore writes
// anything. A damaged, truncated, foreign or too new file is refused with one line saying which.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { UserError } from '../user-error.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, GZIP_HEADER, HEADER_TAG, MANIFEST_TAG, TABLE_TAG, headerSchema, manifestSchema, type BackupHeader, type BackupManifest } from './backup-format.ts';
import { knowsVersion, latestKnownVersion } from './schema-migrations.ts';
import { TableDigest } from './table-rows.ts';

/** One line of a backup, classified. */
export type BackupLine = { kind: 'table'; name: string } | { kind: 'row'; line: string } | { kind: 'manifest'; manifest: BackupManifest };

const damaged = (file: string, why: string) => new UserError(`${file} is damaged (${why}): it cannot be restored; nothing was changed`);

/** The file's text lines, decompressed as they are read. */
async function* rawLines(file: string): AsyncGenerator<string> {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    head = Buffer.alloc(GZIP_HEADER.length);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    fs.closeSync(fd);
    head = head.subarray(0, n);
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  if (head.length < 2 || head[0] !== 0x1f || head[1] !== 0x8b) throw new UserError(`${file} is not an mltrainer backup (not a gzip file)`);
  if (!head.equals(GZIP_HEADER)) throw damaged(file, 'its gzip header was changed');
  const gunzip = fs.createReadStream(file).pipe(zlib.createGunzip());
  gunzip.setEncoding('utf8');
  let rest = '';
  try {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      yield* parts;
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw damaged(file, code === 'Z_BUF_ERROR' ? 'it ends early: the file is truncated' : `its compressed data fails gzip's check: ${(err as Error).message}`);
  }
  if (rest) throw damaged(file, 'its last line is cut short');
}

/** The header line, checked: a format or schema this code does not know is refused. */
function parseHeader(file: string, line: string | undefined): BackupHeader {
  if (!line?.startsWith(HEADER_TAG)) throw new UserError(`${file} is not an mltrainer backup (no backup header)`);
  let raw: { format?: unknown; version?: unknown; schema?: { tag?: unknown } };
  try {
    raw = JSON.parse(line.slice(HEADER_TAG.length)) as typeof raw;
  } catch {
    throw damaged(file, 'its header is not JSON');
  }
  if (raw.format !== BACKUP_FORMAT) throw new UserError(`${file} is not an mltrainer backup`);
  if (typeof raw.version === 'number' && raw.version > BACKUP_FORMAT_VERSION) {
    throw new UserError(`${file} was written by a newer mltrainer (backup format ${raw.version}): update mltrainer to restore it; nothing was changed`);
  }
  const header = headerSchema.safeParse(raw);
  if (!header.success) throw damaged(file, 'its header is incomplete');
  if (!knowsVersion(header.data.schema)) {
    throw new UserError(
      `${file} holds schema ${header.data.schema.tag}, newer than this mltrainer knows (up to ${latestKnownVersion().tag}): update mltrainer to restore it; nothing was changed`,
    );
  }
  return header.data;
}

/** The backup's lines after its header, classified; the header itself is checked first. */
export async function* backupLines(file: string): AsyncGenerator<BackupLine | { kind: 'header'; header: BackupHeader }> {
  let first = true;
  for await (const line of rawLines(file)) {
    if (first) {
      first = false;
      yield { kind: 'header', header: parseHeader(file, line) };
    } else if (line.startsWith('{')) yield { kind: 'row', line };
    else if (line.startsWith(TABLE_TAG)) yield { kind: 'table', name: (JSON.parse(line.slice(TABLE_TAG.length)) as { name: string }).name };
    else if (line.startsWith(MANIFEST_TAG)) {
      const manifest = manifestSchema.safeParse(JSON.parse(line.slice(MANIFEST_TAG.length)));
      if (!manifest.success) throw damaged(file, 'its manifest is incomplete');
      yield { kind: 'manifest', manifest: manifest.data };
    } else throw damaged(file, 'it holds a line that is not a backup line');
  }
  if (first) throw new UserError(`${file} is not an mltrainer backup (it is empty)`);
}

/** Reads the whole file and checks it against its manifest; returns the manifest. */
export async function verifyBackup(file: string): Promise<BackupManifest> {
  let header: BackupHeader | undefined;
  let manifest: BackupManifest | undefined;
  const seen: { name: string; digest: TableDigest }[] = [];
  try {
    for await (const item of backupLines(file)) {
      if (manifest) throw damaged(file, 'lines follow its manifest');
      if (item.kind === 'header') header = item.header;
      else if (item.kind === 'table') seen.push({ name: item.name, digest: new TableDigest() });
      else if (item.kind === 'row') {
        const current = seen[seen.length - 1];
        if (!current) throw damaged(file, 'rows before any table');
        current.digest.add(item.line);
      } else manifest = item.manifest;
    }
  } catch (err) {
    if (err instanceof SyntaxError) throw damaged(file, 'a line is not JSON');
    throw err;
  }
  if (!header || !manifest) throw damaged(file, 'it has no manifest: the file is truncated');
  if (JSON.stringify({ ...manifest, tables: undefined, sequences: undefined }) !== JSON.stringify({ ...header, tables: undefined, sequences: undefined })) {
    throw damaged(file, 'its manifest does not match its header');
  }
  if (seen.length !== manifest.tables.length) throw damaged(file, `it holds ${seen.length} tables, its manifest lists ${manifest.tables.length}`);
  manifest.tables.forEach((t, i) => {
    const got = seen[i]!;
    if (got.name !== t.name) throw damaged(file, `table ${got.name} where the manifest lists ${t.name}`);
    if (got.digest.rows !== t.rows) throw damaged(file, `table ${t.name} holds ${got.digest.rows} rows, its manifest says ${t.rows}`);
    if (got.digest.hex() !== t.sha256) throw damaged(file, `table ${t.name} does not match its checksum`);
  });
  return manifest;
}
