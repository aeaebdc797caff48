// The three levels of trust (the contract's "Roles"): a viewer reads; a trader also places, cancels and closes orders
// and answers confirmations; an admin also changes limits, the autopilot, the watched symbols, notifications for
// others and roles, pulls data and reads the audit log. Each level includes the ones below it.
export const ROLES = ['viewer', 'trader', 'admin'] as const;

export type Role = (typeof ROLES)[number];

/** Whether `have` includes what `need` allows. */
export function hasRole(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** The higher of two roles. */
export function higherRole(a: Role, b: Role): Role {
  return hasRole(a, b) ? a : b;
}

/** "a viewer", "an admin": the role in a sentence. */
export function aRole(role: Role): string {
  return `${role === 'admin' ? 'an' : 'a'} ${role}`;
}
