// Cuts a text into pieces that each fit a platform's size limit after escaping (Telegram 4096, Slack sections
// 3000): at line ends where possible, then at spaces, then anywhere, never inside a character or an escape.

/** The size a string takes once escaped for the platform; must be additive (escaping works per character). */
export type Measure = (s: string) => number;

const plainLength: Measure = (s) => s.length;

export function splitText(text: string, limit: number, measure: Measure = plainLength): string[] {
  if (limit < 2) throw new Error('splitText: limit too small');
  const pieces: string[] = [];
  let current = '';
  let size = 0;
  const flush = () => {
    if (current !== '') pieces.push(current);
    current = '';
    size = 0;
  };
  for (const line of text.split('\n')) {
    const lineSize = measure(line);
    const joiner = current === '' ? 0 : measure('\n');
    if (size + joiner + lineSize <= limit) {
      current = current === '' ? line : `${current}\n${line}`;
      size += joiner + lineSize;
      continue;
    }
    flush();
    if (lineSize <= limit) {
      current = line;
      size = lineSize;
      continue;
    }
    for (const part of splitLongLine(line, limit, measure)) pieces.push(part);
  }
  flush();
  return pieces.length > 0 ? pieces : [''];
}

/** A line longer than the limit: cut at the last space that fits, or at the last whole character. */
function splitLongLine(line: string, limit: number, measure: Measure): string[] {
  const out: string[] = [];
  const chars = Array.from(line); // code points, so a surrogate pair is never cut in half
  let start = 0;
  while (start < chars.length) {
    let size = 0;
    let end = start;
    let lastSpace = -1;
    while (end < chars.length) {
      const c = measure(chars[end]!);
      if (size + c > limit) break;
      size += c;
      if (chars[end] === ' ') lastSpace = end;
      end++;
    }
    if (end < chars.length && lastSpace > start) end = lastSpace + 1;
    out.push(chars.slice(start, end).join(''));
    start = end;
  }
  return out;
}
