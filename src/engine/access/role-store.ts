// The roles admins granted from chat, one row per user; the environment's roles are kept by the caller as a floor.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { userRoles } from '../db/schema/index.ts';
import type { Role } from './role.ts';

export interface GrantedRole {
  platform: string;
  userId: string;
  role: Role;
  grantedBy: string;
  grantedAt: Date;
}

export class RoleStore {
  constructor(private readonly db: Db) {}

  async get(platform: string, userId: string): Promise<Role | null> {
    const [row] = await this.db
      .select({ role: userRoles.role })
      .from(userRoles)
      .where(and(eq(userRoles.platform, platform), eq(userRoles.userId, userId)))
      .limit(1);
    return row?.role ?? null;
  }

  /** Grants (or replaces) a user's role. */
  async set(g: GrantedRole): Promise<void> {
    await this.db
      .insert(userRoles)
      .values(g)
      .onConflictDoUpdate({ target: [userRoles.platform, userRoles.userId], set: { role: g.role, grantedBy: g.grantedBy, grantedAt: g.grantedAt } });
  }

  /** Removes a granted role; false when there was none. */
  async remove(platform: string, userId: string): Promise<boolean> {
    const rows = await this.db
      .delete(userRoles)
      .where(and(eq(userRoles.platform, platform), eq(userRoles.userId, userId)))
      .returning({ userId: userRoles.userId });
    return rows.length > 0;
  }

  async list(): Promise<GrantedRole[]> {
    return this.db.select().from(userRoles).orderBy(asc(userRoles.platform), asc(userRoles.userId));
  }
}
