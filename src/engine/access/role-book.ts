// Who holds which role: the console is admin; a chat user has the higher of the environment's role (the floor:
// MLTRAINER_ROLES, and traders for MLTRAINER_ALLOWED_USERS) and a role an admin granted from chat; anyone else is a viewer.
import { higherRole, type Role } from './role.ts';
import type { RoleStore } from './role-store.ts';

export class RoleBook {
  constructor(
    /** `telegram:123` -> its role set by the environment. */
    private readonly floor: Readonly<Record<string, Role>>,
    readonly store: RoleStore,
  ) {}

  async roleOf(platform: string, userId: string): Promise<Role> {
    if (platform === 'console') return 'admin';
    const granted = await this.store.get(platform, userId);
    const base = this.floorOf(`${platform}:${userId}`);
    return granted ? higherRole(base, granted) : base;
  }

  /** The environment's role of `platform:id` (viewer when it names none). */
  floorOf(user: string): Role {
    return Object.hasOwn(this.floor, user) ? this.floor[user]! : 'viewer';
  }

  /** Every user the environment names, with its role. */
  floorEntries(): [string, Role][] {
    return Object.entries(this.floor);
  }
}
