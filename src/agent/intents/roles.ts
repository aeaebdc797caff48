// /role: an admin lists who holds which role, grants one (/role add telegram:123 trader) or takes a granted one back
// (/role remove telegram:123). Grants are stored; the environment's roles are a floor no chat command lowers.
import { z } from 'zod';
import { ROLES, aRole } from '../../engine/access/role.ts';
import { formatTable } from '../../format.ts';
import { defineIntent } from '../intent.ts';
import { textReply } from '../reply.ts';

const userArg = z
  .string()
  .regex(/^(telegram|slack):[A-Za-z0-9_-]{1,64}$/, 'must be written platform:id, like telegram:123 or slack:U123')
  .describe('The user, as telegram:<id> or slack:<user id>');

export const roleIntent = defineIntent({
  name: 'role',
  description: 'Who may do what: list the roles, grant one (viewer, trader, admin) or remove a granted one (admins only; changes ask for confirmation).',
  usage: '/role [add USER ROLE | remove USER]',
  args: z.object({
    action: z.enum(['list', 'add', 'remove']).optional().describe('list (default), add or remove'),
    user: userArg.optional(),
    role: z.enum(ROLES).optional().describe('viewer, trader or admin'),
  }),
  slash(tokens) {
    const [action, user, role] = tokens;
    const out: Record<string, unknown> = {};
    if (action !== undefined) out.action = action.toLowerCase();
    if (user !== undefined) out.user = user;
    if (role !== undefined) out.role = role.toLowerCase();
    if (tokens.length > 3) out.extra = tokens.slice(3).join(' ');
    return out;
  },
  role: 'admin',
  action: (a) => a.action === 'add' || a.action === 'remove',
  describeAction: (a) => (a.action === 'add' ? `make ${a.user} ${aRole(a.role ?? 'viewer')}` : `remove the role granted to ${a.user}`),
  async precheck(args) {
    if (!args.user) return { refusal: `Name the user, like /role ${args.action} telegram:123${args.action === 'add' ? ' trader' : ''}.` };
    if (args.action === 'add' && !args.role) return { refusal: `Name the role (viewer, trader or admin), like /role add ${args.user} trader.` };
    if (args.action === 'remove' && args.role) return { refusal: `/role remove takes no role: /role remove ${args.user}.` };
    return {};
  },
  async run(args, ctx) {
    const book = ctx.services.roles;
    const by = ctx.message.platform === 'console' ? 'console' : `${ctx.message.platform}:${ctx.message.userId}`;
    if ((args.action === 'add' || args.action === 'remove') && args.user) {
      const at = args.user.indexOf(':');
      const [platform, userId] = [args.user.slice(0, at), args.user.slice(at + 1)];
      const floor = book.floorOf(args.user);
      if (args.action === 'add' && args.role) {
        await book.store.set({ platform, userId, role: args.role, grantedBy: by, grantedAt: new Date(ctx.services.clock.now()) });
        const now = await book.roleOf(platform, userId);
        const held = now === args.role ? '' : ` It stays ${aRole(now)}: the environment (MLTRAINER_ROLES or MLTRAINER_ALLOWED_USERS) sets that as its floor.`;
        return [textReply(`${args.user} is now granted ${aRole(args.role)}.${held}`)];
      }
      const removed = await book.store.remove(platform, userId);
      const left = `${args.user} is now ${aRole(await book.roleOf(platform, userId))}${floor !== 'viewer' ? ', as the environment sets' : ''}.`;
      return [textReply(removed ? `Removed the role granted to ${args.user}; ${left}` : `${args.user} had no role granted from chat; ${left}`)];
    }
    const granted = await book.store.list();
    const rows: string[][] = [['user', 'role', 'from']];
    for (const [user, role] of book.floorEntries()) {
      const g = granted.find((r) => `${r.platform}:${r.userId}` === user);
      if (!g) rows.push([user, role, 'env']);
    }
    for (const g of granted) {
      const user = `${g.platform}:${g.userId}`;
      const role = await book.roleOf(g.platform, g.userId);
      rows.push([user, role, g.grantedBy === 'console' ? 'console' : `by ${g.grantedBy}`]);
    }
    if (rows.length === 1) return [textReply('No roles are set: the console is admin and every chat user is a viewer. /role add telegram:123 trader grants one.')];
    return [textReply('Roles (the console is admin; anyone not listed is a viewer):', { code: formatTable(rows, ['l', 'l', 'l']) })];
  },
});
