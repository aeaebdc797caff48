// The one reader of numbers typed in a chat, for every numeric argument of every intent (slash commands and plain
// English): plain integers and decimals, thousands separators ("1,000", "1,000.5"), a leading sign. Anything it cannot
// read exactly (hex, binary, octal, fractions, powers, exponents, NaN, Infinity, more digits than a double holds) is
// refused with a clause saying what was wrong and what to write instead. Whether a sign, a fraction of a share or a
// size is allowed is the argument schema's business (its range checks), not the reader's.

export type ChatNumber = { ok: true; value: number } | { ok: false; reason: string };

/** Digits a double carries exactly: 15 significant digits round-trip through a decimal string. */
export const MAX_DIGITS = 15;

const PLAIN = /^([-+])?\$?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?(%)?$/;
const EXAMPLE = 'like 10, 1,000 or 2.5';

/**
 * Reads `text` as a number, or says why it cannot (a clause to follow the quoted text: `"0x10" is a hexadecimal
 * number: ...`). `percent`: a trailing % divides by 100 (for arguments that are fractions); otherwise it is refused.
 */
export function readChatNumber(text: string, opts: { percent?: boolean } = {}): ChatNumber {
  const t = text.trim().replace(/\u2212/g, '-');
  if (t === '') return no(`is empty: write a number, ${EXAMPLE}`);
  if (/^[-+]?(?:nan|inf(?:inity)?|∞)$/i.test(t)) return no(`is not a number: write one, ${EXAMPLE}`);
  const radix = /^[-+]?0([xbo])([0-9a-f_]*)$/i.exec(t);
  if (radix) {
    const kind = { x: 'a hexadecimal', b: 'a binary', o: 'an octal' }[radix[1]!.toLowerCase() as 'x' | 'b' | 'o'];
    const n = Number(t.replace(/^[-+]/, ''));
    const hint = Number.isSafeInteger(n) ? `, like ${t.startsWith('-') ? '-' : ''}${n}` : '';
    return no(`is ${kind} number: write it in decimal digits${hint}`);
  }
  if (/^[-+]?[\d.,]+\s*\/\s*[-+]?[\d.,]+$/.test(t)) {
    const [a, b] = t.split('/').map((s) => Number(s.trim()));
    const q = a! / b!;
    const hint = Number.isFinite(q) && Number(q.toFixed(6)) === q ? String(q) : '0.5';
    return no(`is a fraction: write it as a decimal, like ${hint}`);
  }
  if (/\^|\*\*/.test(t)) return no('is a power: write the number out in digits');
  if (/^[-+]?\$?(?:\d[\d,]*\.?\d*|\.\d+)e[-+]?\d+%?$/i.test(t)) {
    const n = Number(t.replace(/[$,%]/g, ''));
    const plain = Number.isFinite(n) && n !== 0 && Math.abs(n) >= 1e-6 && Math.abs(n) < 1e15 ? plainDigits(n) : null;
    return no(`uses an exponent: write the number out in digits${plain ? `, like ${plain}` : ''}`);
  }
  const m = PLAIN.exec(t);
  if (!m || (m[2] === undefined && !m[3])) {
    if (/^[-+]?\$?\d[\d,]*(?:\.\d*)?%?$/.test(t)) return no('has a comma that is not a thousands separator: write 1,000 for a thousand and 1.5 for one and a half');
    return no(`is not a number I can read: write digits with an optional sign and decimal point, ${EXAMPLE}`);
  }
  const [, sign, whole = '', frac = '', percent] = m;
  if (percent && !opts.percent) return no('is a percentage, and this takes a plain number');
  const intDigits = whole.replace(/,/g, '').replace(/^0+/, '');
  const fracDigits = frac.replace(/0+$/, '');
  const significant = (intDigits + fracDigits).replace(/^0+/, '').length;
  if (significant > MAX_DIGITS) return no(`has more digits than I can read exactly (at most ${MAX_DIGITS}): write a shorter number`);
  let value = Number(`${sign ?? ''}${intDigits || '0'}.${fracDigits || '0'}`);
  // 25% is 0.25 exactly: the decimal point moves in the text, not by a division that could round.
  if (percent) value = Number(`${sign ?? ''}${shiftPoint(intDigits || '0', fracDigits, 2)}`);
  // -0 is 0: a reply never shows a negative zero.
  return { ok: true, value: value === 0 ? 0 : value };
}

/** A number for an argument typed as text, or the text itself when it is not one (the schema then refuses it). */
export function chatNumberOrText(text: string, opts: { percent?: boolean } = {}): number | string {
  const r = readChatNumber(text, opts);
  return r.ok ? r.value : text;
}

function no(reason: string): ChatNumber {
  return { ok: false, reason };
}

/** "12" "5" shifted 2 places: "0.125". */
function shiftPoint(intDigits: string, fracDigits: string, places: number): string {
  const digits = intDigits.padStart(places + 1, '0') + fracDigits;
  const at = digits.length - fracDigits.length - places;
  return `${digits.slice(0, at)}.${digits.slice(at) || '0'}`;
}

/** 1500 -> "1500", 0.00015 -> "0.00015": the digits of a number without an exponent. */
function plainDigits(n: number): string | null {
  const s = n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
  return readChatNumber(s).ok && Number(s) === n ? s : null;
}
