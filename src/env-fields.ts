// The zod fields the environment's variables are read with (URLs, times, time zones, symbol lists, user and role
// lists, bounded numbers): config.ts builds its schema from them, so each rule and its one-line message is written once.
import { z } from 'zod';

export const url = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        return false;
      }
    }, `must be an http(s) URL, like https://${what}`);

export const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

export const reportTime = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM, like 17:00');

export const timeZone = z
  .string()
  .trim()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone, like America/New_York');

export const allowedUsers = z
  .string()
  .trim()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^(telegram|slack):[A-Za-z0-9_-]+$/, 'must be telegram:<id> or slack:<user id>')));

export type EnvRole = 'admin' | 'trader' | 'viewer';

/** `role:platform:<id>` entries; one user named with two different roles is refused rather than guessed at. */
export const roleEntries = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^(admin|trader|viewer):(telegram|slack):[A-Za-z0-9_-]+$/, 'must be role:platform:<id> entries, like admin:telegram:123 (roles admin, trader, viewer)')))
  .transform((list) => list.map((e) => ({ role: e.slice(0, e.indexOf(':')) as EnvRole, user: e.slice(e.indexOf(':') + 1) })))
  .refine((list) => list.every((a) => list.every((b) => a.user !== b.user || a.role === b.role)), 'names one user with two different roles');

/** Each named user's role: allowlisted users are traders; MLTRAINER_ROLES may name a higher one. */
export function envRoles(allowed: string[], entries: { role: EnvRole; user: string }[]): Record<string, EnvRole> {
  const rank = { viewer: 0, trader: 1, admin: 2 } as const;
  const roles: Record<string, EnvRole> = Object.fromEntries(allowed.map((u) => [u, 'trader' as const]));
  for (const { role, user } of entries) if (!roles[user] || rank[role] > rank[roles[user]]) roles[user] = role;
  return roles;
}

/** A number in [min, max] written plainly (0.25, 5, 100000). */
export const boundedNumber = (min: number, max: number, example: string, exclusiveMin = false) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, `must be a number, like ${example}`)
    .transform(Number)
    .refine((n) => (exclusiveMin ? n > min : n >= min) && n <= max, `must be ${exclusiveMin ? 'above' : 'at least'} ${min} and at most ${max}, like ${example}`);

export const symbolList = z
  .string()
  .trim()
  .transform((v) => v.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[A-Z][A-Z0-9.]{0,9}$/, 'must be comma-separated symbols, like SPX,AAPL')).min(1, 'must name at least one symbol'));
