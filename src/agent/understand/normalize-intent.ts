// The one form every understander (offline, Claude) reports an intent in.
import type { UnderstoodIntent } from '../intent.ts';

/** Upper-case symbols, lower-case model ids, no undefined values: the form every understander reports. */
export function normalize(intent: UnderstoodIntent): UnderstoodIntent {
  const args: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(intent.args)) {
    if (v === undefined) continue;
    if ((k === 'symbol' && intent.name !== 'close') || k === 'series') args[k] = typeof v === 'string' ? v.toUpperCase() : v;
    else if (k === 'symbol') args[k] = typeof v === 'string' && v.toLowerCase() !== 'all' ? v.toUpperCase() : typeof v === 'string' ? 'all' : v;
    else if (k === 'symbols') args[k] = Array.isArray(v) ? v.map((s) => (typeof s === 'string' ? s.toUpperCase() : s)) : v;
    else if (k === 'model') args[k] = typeof v === 'string' ? v.toLowerCase() : v;
    else if (k === 'models') args[k] = Array.isArray(v) ? v.map((s) => (typeof s === 'string' ? s.toLowerCase() : s)) : v;
    else args[k] = v;
  }
  return { name: intent.name, args };
}
