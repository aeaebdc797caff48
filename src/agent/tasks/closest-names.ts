// "Did you mean ...": the known names nearest to a mistyped one, by edit distance.
import { editDistance } from '../../registry/catalog.ts';

/** Up to `limit` names within reach of the query (about half its length in edits), best first. */
export function closestNames(query: string, names: readonly string[], limit = 3): string[] {
  const q = query.toLowerCase();
  const reach = Math.max(2, Math.ceil(q.length / 2));
  return names
    .map((name) => ({ name, d: editDistance(q, name.toLowerCase()) }))
    .filter((x) => x.d <= reach)
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((x) => x.name);
}
