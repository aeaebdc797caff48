// Monospace blocks laid out for a phone: Telegram shows about 40 characters of a <pre> line, so a table wider than that
// becomes one card per row (its first cell as the title, then "header: value" pairs packed into lines of at most 40),
// a list of commands becomes each command with its description wrapped under it, and anything else is wrapped.
// Tables come from formatTable, whose columns are separated by at least two spaces.

export const PHONE_WIDTH = 40;

export function fitForPhone(code: string, width = PHONE_WIDTH): string {
  const lines = code.split('\n');
  if (lines.every((l) => l.length <= width)) return code;
  const rows = lines.map((l) => l.trim().split(/\s{2,}/));
  if (rows.length > 0 && rows.every((r) => r.length === 2) && rows[0]![0]!.startsWith('/')) return commandList(rows, width);
  const header = rows[0] ?? [];
  const data = rows.slice(1);
  const cols = data[0]?.length ?? 0;
  // A header whose first cell is blank (a label column) loses that cell to trim(): put it back.
  if (cols === header.length + 1) header.unshift('');
  if (data.length === 0 || cols < 2 || data.some((r) => r.length !== header.length)) return lines.flatMap((l) => wrap(l, width, '')).join('\n');
  const numbered = header[0] === '#';
  const cards = data.map((r) => {
    const title = numbered ? `#${r[0]} ${r[1]}` : r[0]!;
    const firstValue = numbered ? 2 : 1;
    const pairs: string[] = [];
    for (let i = firstValue; i < r.length; i++) pairs.push(header[i] ? `${header[i]}: ${r[i]}` : r[i]!);
    return [...wrap(title, width, ''), ...pack(pairs, width)].join('\n');
  });
  return cards.join('\n\n');
}

/** Pairs joined by two spaces into lines of at most `width`; a pair longer than a line is wrapped. */
function pack(pairs: readonly string[], width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const p of pairs) {
    if (line && line.length + 2 + p.length <= width) line += `  ${p}`;
    else {
      if (line) out.push(line);
      if (p.length <= width) line = p;
      else {
        out.push(...wrap(p, width, '  '));
        line = '';
      }
    }
  }
  if (line) out.push(line);
  return out;
}

function commandList(rows: readonly string[][], width: number): string {
  return rows.map(([usage = '', description = '']) => [...wrap(usage, width, '  '), ...wrap(description, width - 2, '').map((l) => `  ${l}`)].join('\n')).join('\n');
}

/** Word-wraps `text` into lines of at most `width`, continuation lines indented; a word longer than a line is cut. */
export function wrap(text: string, width: number, indent: string): string[] {
  const out: string[] = [];
  let line = '';
  for (let word of text.split(/ +/)) {
    while (word.length > width - (out.length || line ? indent.length : 0)) {
      const room = width - (line ? line.length + 1 : 0) - (out.length && !line ? indent.length : 0);
      if (room < 4) {
        if (line) out.push(line);
        line = '';
        continue;
      }
      const prefix = line ? `${line} ` : out.length ? indent : '';
      out.push(prefix + word.slice(0, room));
      word = word.slice(room);
      line = '';
    }
    if (!word) continue;
    const candidate = line ? `${line} ${word}` : `${out.length ? indent : ''}${word}`;
    if (candidate.length <= width) line = candidate;
    else {
      out.push(line);
      line = `${indent}${word}`;
    }
  }
  if (line) out.push(line);
  return out;
}
