// How every number and date a user reads is written: one place, so the same figure reads the same in a reply, a
// report, an alert and a chart (and the Claude answer check can recognise it). A shared leaf: any layer may import it.

/** "-0.00", "-0.00%", "-0" (a tiny loss rounded away, or a negative zero) written without the sign: 0 has none. */
function unsignedZero(s: string): string {
  return /^-[0.,]+%?$/.test(s) ? s.slice(1) : s;
}

/** 0.1234 -> "12.34%"; not finite -> "n/a". */
export function pct(x: number, digits = 2): string {
  return Number.isFinite(x) ? unsignedZero(`${(x * 100).toFixed(digits)}%`) : 'n/a';
}

/** A change with its sign: 0.0123 -> "+1.23%", -0.5 -> "-50.00%". */
export function signedPct(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return 'n/a';
  return unsignedZero(`${x >= 0 ? '+' : ''}${(x * 100).toFixed(digits)}%`);
}

/** Plain number with fixed decimals, thousands separated: 2874.56 -> "2,874.56". */
export function num(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return 'n/a';
  return unsignedZero(x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
}

/** Money: "100,000.00"; negative amounts keep their sign ("-1,234.50"). */
export function money(x: number): string {
  return num(x, 2);
}

/**
 * A price: two decimals (2874.560059 -> "2,874.56"), or four significant digits below 1 so a small price keeps its
 * information (0.0012345 -> "0.001235").
 */
export function price(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  const a = Math.abs(x);
  if (a === 0 || a >= 1) return num(x, 2);
  const digits = Math.min(10, Math.max(2, 3 - Math.floor(Math.log10(a))));
  return num(x, digits);
}

/** A quantity of shares: up to 4 decimals, trailing zeros dropped (3.696983 -> "3.697", 10 -> "10"). */
export function qty(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (x !== 0 && Math.abs(x) < 0.0001) return x.toExponential(2);
  return unsignedZero(x.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 4 }));
}

/** How long something was held: 90 s -> "2m", 150 min -> "2h 30m", 26 h -> "1d 2h". */
export function held(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** "1 trade", "3 trades" */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Aligns rows of cells into a monospace table (first row is the header); `align` per column, 'l' (default) or 'r'. */
export function formatTable(rows: readonly (readonly string[])[], align: readonly ('l' | 'r')[] = []): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((row) => row.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd())
    .join('\n');
}
