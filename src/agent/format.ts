// How numbers are written in replies: one place, so the same figure reads the same everywhere (and the Claude
// answer check can recognise it).

/** 0.1234 -> "12.34%" */
export function pct(x: number, digits = 2): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : 'n/a';
}

/** Plain number with fixed decimals, thousands separated: 2874.56 -> "2,874.56". */
export function num(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return 'n/a';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Money: "100,000.00" */
export function money(x: number): string {
  return num(x, 2);
}

/** "1 trade", "3 trades" */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
