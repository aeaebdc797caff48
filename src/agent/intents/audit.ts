// /audit [N]: the newest N rows of the audit log (admins only), one short line each so it reads on a phone:
// when (UTC), who, what, how it ended, the order ids and why.
import { z } from 'zod';
import type { AuditEntry } from '../../engine/audit/audit-log.ts';
import { defineIntent } from '../intent.ts';
import { textReply } from '../reply.ts';

const DEFAULT_ROWS = 20;
const MAX_ROWS = 200;
/** A reason is cut to this on the line: the full sentence stays in the log. */
const REASON_CHARS = 60;

export const auditIntent = defineIntent({
  name: 'audit',
  description: `The audit log, newest first: who asked for which action or was refused, and how it ended (admins only; /audit N shows N rows, ${DEFAULT_ROWS} by default).`,
  usage: '/audit [N]',
  args: z.object({ n: z.number().int().min(1).max(MAX_ROWS).optional().describe(`How many rows, 1..${MAX_ROWS} (default ${DEFAULT_ROWS})`) }),
  positional: ['n'],
  role: 'admin',
  async run(args, ctx) {
    const rows = await ctx.services.audit.recent(args.n ?? DEFAULT_ROWS);
    if (rows.length === 0) return [textReply('The audit log is empty: no action has been asked for or refused yet.')];
    return [textReply(`Audit log, newest first (${rows.length}; times UTC):\n${rows.map(auditLine).join('\n')}`)];
  },
});

/** Arguments shown bare, in this order, as the slash commands take them. */
const BARE = ['action', 'user', 'role', 'state', 'symbol', 'qty', 'limit', 'id'];

/** `12-05 15:20 telegram:42 /buy SPX 2: ok #7` and, for a refusal, its reason cut short. */
export function auditLine(e: AuditEntry): string {
  const when = e.at.toISOString().slice(5, 16).replace('T', ' ');
  // The database keeps JSON keys in its own order: the usual positional ones go first, as typed, bare.
  const rank = (k: string) => (BARE.indexOf(k) >= 0 ? BARE.indexOf(k) : BARE.length);
  const args = Object.entries(e.args)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([k, v]) => (BARE.includes(k) ? String(v) : `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`))
    .join(' ');
  const what = e.who === 'autopilot' ? `${e.intent}${args ? ` ${args}` : ''}` : `/${e.intent}${args ? ` ${args}` : ''}`;
  const ids = e.orderIds.length ? ` ${e.orderIds.map((id) => `#${id}`).join(' ')}` : '';
  const why = e.outcome === 'ok' || e.outcome === 'pending' || !e.reason ? '' : ` (${e.reason.length > REASON_CHARS ? `${e.reason.slice(0, REASON_CHARS - 1)}…` : e.reason})`;
  return `${when} ${e.who} ${what}: ${e.outcome}${ids}${why}`;
}
