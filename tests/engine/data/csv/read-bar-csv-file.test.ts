// The streaming file reader applies exactly the rules of the in-memory parser, and reads its good rows back in batches.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BarRow } from '../../../../src/engine/data/bar.ts';
import { parseBarCsv } from '../../../../src/engine/data/csv/parse-bar-csv.ts';
import { readBarCsvFile, type BarCsvFile } from '../../../../src/engine/data/csv/read-bar-csv-file.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/csv/${name}`, import.meta.url));
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-read-csv-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function allRows(file: BarCsvFile, size: number): Promise<{ rows: BarRow[]; sizes: number[] }> {
  const rows: BarRow[] = [];
  const sizes: number[] = [];
  for await (const batch of file.batches(size)) {
    sizes.push(batch.length);
    rows.push(...batch);
  }
  return { rows, sizes };
}

describe('readBarCsvFile', () => {
  it('reports the same bad rows and keeps the same good rows as parseBarCsv, strict and sorted', async () => {
    for (const name of fs.readdirSync(fixture('.')).filter((n) => n.endsWith('.csv'))) {
      for (const sort of [false, true]) {
        let expected: ReturnType<typeof parseBarCsv> | string;
        try {
          expected = parseBarCsv(fs.readFileSync(fixture(name)), { timeframe: '1d', sort });
        } catch (err) {
          expected = (err as Error).message;
        }
        const read = await readBarCsvFile(fixture(name), { timeframe: '1d', sort }).catch((err: Error) => err.message);
        if (typeof expected === 'string' || typeof read === 'string') {
          expect(read, name).toBe(expected);
          continue;
        }
        expect({ format: read.format, errors: read.errors, total: read.total, count: read.count }, `${name} sort=${sort}`).toEqual({
          format: expected.format,
          errors: expected.errors,
          total: expected.total,
          count: expected.rows.length,
        });
        const { rows } = await allRows(read, 2);
        expect([...rows].sort((a, b) => a.time - b.time), name).toEqual(expected.rows);
      }
    }
  });

  it('hands on a file larger than one batch in full batches, and names the first and last dates', async () => {
    const file = path.join(dir, 'long.csv');
    const lines = ['Date,Open,High,Low,Close,Volume'];
    for (let d = 0; d < 2_345; d++) lines.push(`${new Date(Date.UTC(2000, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)},10,11,9,${10 + (d % 7) / 10},${d}`);
    fs.writeFileSync(file, lines.join('\n'));
    const read = await readBarCsvFile(file, { timeframe: '1d' });
    const { rows, sizes } = await allRows(read, 1000);
    expect(sizes).toEqual([1000, 1000, 345]);
    expect(rows).toHaveLength(2_345);
    expect(new Date(read.first).toISOString().slice(0, 10)).toBe('2000-01-01');
    expect(new Date(read.last).toISOString().slice(0, 10)).toBe('2006-06-02');
    expect(rows[2_344]).toEqual({ time: read.last, open: 10, high: 11, low: 9, close: 10.6, volume: 2_344 });
  });

  it('refuses to hand on rows of a file that changed after it was checked', async () => {
    const file = path.join(dir, 'changing.csv');
    fs.writeFileSync(file, 'Date,Open,High,Low,Close,Volume\n2020-01-02,10,11,9,10,1\n2020-01-03,10,11,9,10,1\n');
    const read = await readBarCsvFile(file, { timeframe: '1d' });
    fs.writeFileSync(file, 'Date,Open,High,Low,Close,Volume\n2020-01-02,10,11,9,10,1\n2020-01-04,10,11,9,10,1\n');
    await expect(allRows(read, 10)).rejects.toThrow(/changed while it was being imported: nothing was imported/);
  });

  it('refuses a file that is not UTF-8 before reading its header', async () => {
    const file = path.join(dir, 'latin1.csv');
    fs.writeFileSync(file, Buffer.from('Date,Open,High,Low,Close,Volum\xe9\n2020-01-02,10,11,9,10,100\n', 'latin1'));
    await expect(readBarCsvFile(file, { timeframe: '1d' })).rejects.toThrow(/is not UTF-8 text/);
  });
});
