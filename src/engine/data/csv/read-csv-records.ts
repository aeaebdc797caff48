// Splits CSV text into records with the file line each one ends on, using csv-parse.
import { CsvError, parse, type Options } from 'csv-parse/sync';
import { UserError } from '../../user-error.ts';

export interface LinedRecord {
  /** 1-based line in the file where the record ends. */
  line: number;
  fields: string[];
}

export interface CsvRecords {
  records: LinedRecord[];
  /** Records csv-parse could not read (bad quoting), by line. */
  unreadable: { line: number; message: string }[];
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** csv-parse's message up to its first colon: "Invalid Closing Quote: got ..." -> "Invalid Closing Quote". */
function csvReason(err: CsvError): string {
  return (err.message.split(':')[0] ?? err.message).trim();
}

function csvLine(err: CsvError): number {
  return typeof err.lines === 'number' ? err.lines : 0;
}

/** The line numbers of the non-empty lines (\n, \r\n or \r endings): one record each when no field is quoted. */
function nonEmptyLines(data: Buffer): number[] {
  const lines: number[] = [];
  let line = 1;
  let length = 0;
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    if (b === CR || b === LF) {
      if (length > 0) lines.push(line);
      if (b === CR && data[i + 1] === LF) i++;
      line++;
      length = 0;
    } else {
      length++;
    }
  }
  if (length > 0) lines.push(line);
  return lines;
}

/** csv-parse's options for bar files, shared by the in-memory and the streaming readers. */
export const CSV_OPTIONS = {
  bom: true,
  trim: true,
  skip_empty_lines: true,
  relax_column_count: true, // a row of the wrong width is reported as a bad row, not a failed file
  skip_records_with_error: true,
} as const;

/** A record's text is blank: a line of only spaces survives skip_empty_lines as one empty field. */
export function isBlankRecord(fields: readonly string[]): boolean {
  return fields.length === 1 && fields[0] === '';
}

/**
 * Options that make csv-parse emit each record with the line it ends on, and report each record it cannot read (bad
 * quoting) to `onUnreadable` by the line it starts on.
 */
export function linedCsvOptions(onUnreadable: (u: { line: number; message: string }) => void): Options<LinedRecord, string[]> {
  // Where the last record or skipped record ended, and how many blank lines csv-parse had passed by then: a record
  // csv-parse cannot read starts on the next non-blank line, while its error names the line where reading stopped.
  let lastEnd = 0;
  let lastEmpty = 0;
  return {
    ...CSV_OPTIONS,
    on_skip: (err: CsvError | undefined): undefined => {
      if (!err) return undefined;
      const end = csvLine(err);
      const empty = typeof err.empty_lines === 'number' ? err.empty_lines : lastEmpty;
      const start = Math.min(end, lastEnd + 1 + (empty - lastEmpty));
      const through = end > start ? `, through line ${end}` : '';
      onUnreadable({ line: start, message: `unreadable CSV (${csvReason(err)}${through})` });
      lastEnd = end;
      lastEmpty = empty;
      return undefined;
    },
    on_record: (fields, context) => {
      lastEnd = context.lines;
      lastEmpty = context.empty_lines;
      return { line: context.lines, fields };
    },
  } as Options<LinedRecord, string[]>;
}

/** The one line a file csv-parse cannot read at all is answered with. */
export function notCsv(err: CsvError): UserError {
  return new UserError(`The file is not readable as CSV: line ${csvLine(err)}: ${csvReason(err)}.`);
}

/**
 * Every non-blank record with its line. Blank lines (empty or only spaces) are dropped. A file that is not CSV at all
 * throws a UserError; a record with bad quoting is reported in `unreadable` and the rest are still read.
 */
export function readCsvRecords(text: string | Buffer): CsvRecords {
  const data = typeof text === 'string' ? Buffer.from(text) : text;
  const unreadable: CsvRecords['unreadable'] = [];
  let records: LinedRecord[] | undefined;
  try {
    // Fast path: without quotes no record spans lines and none is unreadable, so the k-th record is the k-th
    // non-empty line; asking csv-parse for each record's line costs as much again as the parse itself.
    if (data.indexOf(QUOTE) === -1) {
      let skipped = false;
      const plain = parse(data, { ...CSV_OPTIONS, on_skip: () => void (skipped = true) }) as string[][];
      const lines = nonEmptyLines(data);
      if (!skipped && plain.length === lines.length) {
        records = plain.map((fields, i) => ({ line: lines[i] as number, fields }));
      }
    }
    records ??= parse(data, linedCsvOptions((u) => unreadable.push(u)) as unknown as Options) as unknown as LinedRecord[];
  } catch (err) {
    if (err instanceof CsvError) throw notCsv(err);
    throw err;
  }
  return { records: records.filter((r) => !isBlankRecord(r.fields)), unreadable };
}
