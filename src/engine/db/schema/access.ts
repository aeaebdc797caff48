// Who may do what, and who did what: roles granted from chat by an admin (/role add telegram:123 trader; the
// environment's roles are a floor these raise, a user without either is a viewer) and the append-only audit log.
import { bigserial, index, jsonb, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { ROLES } from '../../access/role.ts';

export const roleEnum = pgEnum('user_role', ROLES);

export const userRoles = pgTable(
  'user_roles',
  {
    platform: text('platform').notNull(),
    userId: text('user_id').notNull(),
    role: roleEnum('role').notNull(),
    /** Who granted it (`telegram:42`, `console`). */
    grantedBy: text('granted_by').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.userId] })],
);

export const AUDIT_OUTCOMES = ['ok', 'refused', 'failed', 'pending', 'cancelled'] as const;

export const auditOutcomeEnum = pgEnum('audit_outcome', AUDIT_OUTCOMES);

/**
 * Who did what: every action asked for, confirmed, cancelled, refused or failed in a chat, and every autopilot order.
 * Append-only: a trigger (migration audit_append_only) refuses updates and deletes.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    /** `telegram:42`, `console`, `autopilot`. */
    who: text('who').notNull(),
    platform: text('platform').notNull(),
    chatId: text('chat_id'),
    intent: text('intent').notNull(),
    args: jsonb('args').$type<Record<string, unknown>>().notNull(),
    outcome: auditOutcomeEnum('outcome').notNull(),
    /** Why it was refused, failed or cancelled (one sentence), or what it did. */
    reason: text('reason'),
    orderIds: jsonb('order_ids').$type<string[]>().notNull().default([]),
  },
  (t) => [index('audit_log_at_idx').on(t.at, t.id)],
);
