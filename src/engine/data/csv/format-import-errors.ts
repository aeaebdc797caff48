// A short human summary of an import's malformed rows, for the CLI and chat replies.
import type { ImportError } from './parse-bar-csv.ts';

/** "3 bad rows: line 5: high < low (9 < 10); line 7: ...; and 1 more", or "no bad rows". */
export function formatImportErrors(errors: readonly ImportError[], max = 10): string {
  if (errors.length === 0) return 'no bad rows';
  const shown = errors.slice(0, Math.max(0, max)).map((e) => `line ${e.line}: ${e.message}`);
  const rest = errors.length - shown.length;
  const noun = errors.length === 1 ? 'bad row' : 'bad rows';
  return `${errors.length} ${noun}: ${shown.join('; ')}${rest > 0 ? `; and ${rest} more` : ''}`;
}
