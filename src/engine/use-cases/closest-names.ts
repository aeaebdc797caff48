// "Did you mean ...": the known names nearest to a mistyped one. A name that starts with what was typed ("garch" ->
// garch-1-1) or contains it (gjr-garch-1-1) is nearer than any edit distance can say: a short word is a few edits from
// many unrelated short ids ("garch" is as far from ar-1 as from garch-1-1), so those come first, in the caller's order
// (the registry lists a family's canonical member first). Then edit distance, also against the words inside an id,
// so a misspelled family name finds its family ("bolinger" -> bollinger-reversion-20-2).
import { editDistance } from '../../registry/edit-distance.ts';

/** Up to `limit` names: prefix matches, then substring matches, then those within reach (about half the query's length in edits), best first. */
export function closestNames(query: string, names: readonly string[], limit = 3): string[] {
  const q = query.trim().toLowerCase();
  if (q.length === 0) return [];
  const reach = Math.max(2, Math.ceil(q.length / 2));
  // Prefix and substring only from 3 characters: "a" or "ar" would match half the registry.
  const byText = q.length >= 3;
  // A single word ("bolinger") is also compared with each word of an id ("bollinger", "reversion"), more strictly
  // than with whole names: short words are a couple of edits from many short parts ("foo" from "vol").
  const oneWord = /^[a-z]{4,}$/.test(q);
  const partReach = Math.max(1, Math.floor(q.length / 4));
  const ranked = names.map((name, order) => {
    const n = name.toLowerCase();
    if (byText && n.startsWith(q)) return { name, order, rank: 0, d: 0, byPart: false };
    if (byText && n.includes(q)) return { name, order, rank: 1, d: 0, byPart: false };
    let d = editDistance(q, n);
    let byPart = false;
    if (oneWord) {
      // A family named by its first word (momentum-63) before ids that merely mention it (ens-perf-momentum-63).
      n.split(/[^a-z]+/).forEach((part, i) => {
        // The word's position only breaks ties (its first word first); it must not push a match out of reach.
        const pd = part.length >= 3 ? editDistance(q, part) : Infinity;
        if (pd <= partReach && pd + i / 100 < d) [d, byPart] = [pd + i / 100, true];
      });
    }
    return { name, order, rank: 2, d, byPart };
  });
  // Ties keep the caller's order where the match is by text or by a word of the id (members of one family), and
  // are alphabetical between whole-name distances.
  return ranked
    .filter((x) => x.rank < 2 || x.d <= reach)
    .sort((a, b) => a.rank - b.rank || a.d - b.d || (a.rank < 2 || a.byPart ? a.order - b.order : a.name.localeCompare(b.name)))
    .slice(0, limit)
    .map((x) => x.name);
}
