// Reads a bar CSV file as a stream (csv-parse's streaming API) in two passes, so a file of hundreds of megabytes is
// imported in bounded memory: the first checks every row and keeps only each readable row's time and line; the
// second, run while the rows are written, reads the file again and hands on the good rows a batch at a time.
import fs from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse, type Options } from 'csv-parse';
import type { BarRow } from '../bar.ts';
import { UserError } from '../../user-error.ts';
import { BarCsvCollector, type BarCsvCheck, type BarCsvCollectorOptions } from './bar-csv-collector.ts';
import { NOT_UTF8 } from './parse-bar-csv.ts';
import { CSV_OPTIONS, isBlankRecord, linedCsvOptions, notCsv, type LinedRecord } from './read-csv-records.ts';

export interface ReadBarCsvFileOptions extends BarCsvCollectorOptions {
  /** Sort the good rows by time before judging their order (`--skip-bad`). */
  sort?: boolean;
}

/** A checked file, ready to be read again for its good rows. */
export interface BarCsvFile extends Pick<BarCsvCheck, 'format' | 'errors' | 'total' | 'count' | 'keptIfSorted'> {
  /** Times (epoch ms) of the oldest and newest good rows (NaN when there are none). */
  first: number;
  last: number;
  /**
   * Reads the file again and yields its good rows (in file order), up to `size` at a time. Throws a UserError when
   * the file has changed since it was checked.
   */
  batches(size: number): AsyncGenerator<BarRow[]>;
}

// The checking pass reads big chunks (fewer calls), the writing pass small ones: csv-parse turns a whole chunk into
// records at once, and records left waiting while a batch is written outlive the young generation and pile up as old
// garbage.
const READ_CHUNK = 1 << 20;
const WRITE_PASS_CHUNK = 1 << 16;

/** Passes bytes on only once they are known to be UTF-8 (a sequence split between chunks is carried over). */
function utf8Check(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const refuse = (done: TransformCallback): void => done(new UserError(NOT_UTF8));
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        return refuse(done);
      }
      done(null, chunk);
    },
    flush(done) {
      try {
        decoder.decode();
      } catch {
        return refuse(done);
      }
      done();
    },
  });
}

/**
 * Checks a bar CSV file. Throws a UserError for a file that is not UTF-8, empty, has an unrecognised header or is not
 * CSV at all; malformed rows are returned in `errors`.
 */
export async function readBarCsvFile(file: string, opts: ReadBarCsvFileOptions): Promise<BarCsvFile> {
  const before = fs.statSync(file);
  const collector = new BarCsvCollector(opts);
  const parser = parse(linedCsvOptions((u) => collector.unreadable(u)) as unknown as Options);
  parser.on('data', (record: LinedRecord) => {
    if (isBlankRecord(record.fields)) return;
    try {
      collector.add(record.line, record.fields);
    } catch (err) {
      parser.destroy(err as Error); // an unrecognised header: stop reading
    }
  });
  try {
    await pipeline(fs.createReadStream(file, { highWaterMark: READ_CHUNK }), utf8Check(), parser);
  } catch (err) {
    if (err instanceof CsvError) throw notCsv(err);
    throw err;
  }
  const check = collector.finish(opts.sort === true);
  const { kept, readable } = check;
  let first = NaN;
  let last = NaN;
  if (kept.length > 0) {
    first = readable.time(kept[0] as number);
    last = readable.time(kept[kept.length - 1] as number);
  }
  // Which readable rows to write, by their index; the rest of `kept` is no longer needed.
  const keep = new Uint8Array(readable.length);
  for (const i of kept) keep[i] = 1;
  const changed = (): UserError => new UserError(`${file} changed while it was being imported: nothing was imported; import it again once it is complete.`);

  return {
    format: check.format,
    errors: check.errors,
    total: check.total,
    count: check.count,
    keptIfSorted: check.keptIfSorted,
    first,
    last,
    async *batches(size) {
      const now = fs.statSync(file);
      if (now.size !== before.size || now.mtimeMs !== before.mtimeMs) throw changed();
      // Records in the same order as the first pass; their lines are not needed again.
      const reader = new BarCsvCollector(opts);
      const input = fs.createReadStream(file, { highWaterMark: WRITE_PASS_CHUNK });
      const records = parse({ ...CSV_OPTIONS });
      input.on('error', (err) => records.destroy(err));
      input.pipe(records);
      let index = 0;
      let batch: BarRow[] = [];
      try {
        for await (const fields of records as AsyncIterable<string[]>) {
          if (isBlankRecord(fields)) continue;
          const bar = reader.add(0, fields);
          if (bar === undefined) continue;
          const i = index++;
          if (i >= readable.length || bar.time !== readable.time(i)) throw changed();
          if (keep[i] !== 1) continue;
          batch.push(bar);
          if (batch.length >= size) {
            yield batch;
            batch = [];
          }
        }
      } catch (err) {
        if (err instanceof CsvError) throw changed();
        throw err;
      } finally {
        input.destroy();
        records.destroy();
      }
      if (index !== readable.length) throw changed();
      if (batch.length > 0) yield batch;
    },
  };
}
