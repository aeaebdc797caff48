// The rule for the language model's final text: every number in it must come from a tool result or the user's own
// message. Formatting may differ ("12.3%" for 0.1234, "2,874.56" for 2874.560059), so a number matches a source
// number when it equals it (or it times 100, for percentages) to the precision the text wrote it with.

const NUMBER = /-?\d[\d,]*(?:\.\d+)?/g;

/** The numbers written in a text, as values with the number of decimals they were written with. */
export function numbersIn(text: string): { value: number; decimals: number; raw: string }[] {
  const out: { value: number; decimals: number; raw: string }[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const raw = m[0];
    // Thousands separators only; "1,2" in a list is two numbers.
    const parts = /^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(raw) ? [raw.replace(/,/g, '')] : raw.split(',').filter(Boolean);
    for (const p of parts) {
      const value = Number(p);
      if (!Number.isFinite(value)) continue;
      const dot = p.indexOf('.');
      out.push({ value, decimals: dot < 0 ? 0 : p.length - dot - 1, raw: p });
    }
  }
  return out;
}

/** Numbers of the final text that no source supports (empty when the text is clean). */
export function unsupportedNumbers(finalText: string, sources: readonly string[]): string[] {
  const known: number[] = [];
  for (const s of sources) for (const n of numbersIn(s)) known.push(n.value, Math.abs(n.value));
  const bad: string[] = [];
  for (const n of numbersIn(finalText)) {
    const tol = 0.5 * 10 ** -n.decimals + 1e-9;
    const v = Math.abs(n.value);
    const ok = known.some((k) => {
      const a = Math.abs(k);
      return Math.abs(a - v) <= tol || Math.abs(a * 100 - v) <= tol || Math.abs(a / 100 - v) <= tol;
    });
    if (!ok) bad.push(n.raw);
  }
  return bad;
}
