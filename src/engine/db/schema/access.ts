// Roles granted from chat by an admin (/role add telegram:123 trader). The environment's roles are a floor these
// raise; a user without either is a viewer.
import { pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
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
