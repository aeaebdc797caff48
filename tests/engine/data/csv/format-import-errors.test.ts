// The one-paragraph summary of bad rows the CLI prints after an import.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatImportErrors } from '../../../../src/engine/data/csv/format-import-errors.ts';
import { parseBarCsv } from '../../../../src/engine/data/csv/parse-bar-csv.ts';

const malformed = parseBarCsv(readFileSync(new URL('../../../fixtures/csv/yahoo-malformed.csv', import.meta.url)), {
  timeframe: '1d',
}).errors;

describe('formatImportErrors', () => {
  it('lists up to ten bad rows and counts the rest', () => {
    expect(formatImportErrors(malformed)).toBe(
      '13 bad rows: line 3: missing field: open; line 4: not a number: low "abc"; line 5: negative price: open -2.092592; ' +
        'line 6: negative volume: -34639200; line 7: high < low (2.185185 < 2.216049); ' +
        'line 8: open 2.303704 outside [low 2.098765, high 2.216049]; line 9: close 2.204938 outside [low 2.08642, high 2.12963]; ' +
        'line 10: bad date "1995-01-32"; line 13: duplicate date 1995-01-16 (line 11); ' +
        'line 14: date not after the previous one (1995-01-16 on line 11); and 3 more',
    );
  });

  it('honours a smaller maximum and the singular', () => {
    expect(formatImportErrors(malformed, 2)).toBe(
      '13 bad rows: line 3: missing field: open; line 4: not a number: low "abc"; and 11 more',
    );
    expect(formatImportErrors(malformed.slice(4, 5))).toBe('1 bad row: line 7: high < low (2.185185 < 2.216049)');
    expect(formatImportErrors([])).toBe('no bad rows');
  });
});
