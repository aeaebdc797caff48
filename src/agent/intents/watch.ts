// The autopilot's universe from chat: /watch lists the symbols it trades; /watch add ORCL and /watch remove SPX change
// them (confirmed, persisted). A symbol is refused with the reason when it has no data, only stale data and no
// provider to refresh it, or is outside the risk limits' allowed symbols.
import { z } from 'zod';
import { defineIntent } from '../intent.ts';
import { textReply } from '../reply.ts';
import { partOf, type AgentServices } from '../services.ts';
import { symbolArg } from './arg-types.ts';
import { untradeable } from './autopilot.ts';

const needsAutopilot = (s: AgentServices) => (s.autopilot ? null : 'The autopilot is not available here: this session was started without it.');

export const watchIntent = defineIntent({
  name: 'watch',
  description: 'The symbols the autopilot trades: list them, or add and remove some (asks for confirmation).',
  usage: '/watch [add|remove SYMBOL...]',
  args: z.object({
    action: z.enum(['list', 'add', 'remove']).optional().describe('list (default), add or remove'),
    symbols: z.array(symbolArg).min(1).optional().describe('The symbols to add or remove, e.g. ORCL'),
  }),
  slash(tokens) {
    const [first, ...rest] = tokens;
    const action = first?.toLowerCase();
    if (action === 'add' || action === 'remove' || action === 'list') return rest.length ? { action, symbols: rest } : { action };
    return first ? { action: 'add', symbols: tokens } : {};
  },
  role: (a) => (a.action === 'add' || a.action === 'remove' ? 'admin' : 'viewer'),
  action: (a) => a.action === 'add' || a.action === 'remove',
  describeAction: (a) => `${a.action} ${(a.symbols ?? []).map((s) => s.toUpperCase()).join(', ')} ${a.action === 'add' ? 'to' : 'from'} the autopilot's symbols`,
  unavailable: needsAutopilot,
  async precheck(args, services) {
    const symbols = (args.symbols ?? []).map((s) => s.toUpperCase());
    const watched = await partOf(services, 'autopilot').symbols();
    if (args.action === 'add') {
      if (symbols.length === 0) return { refusal: 'Name the symbols to add, e.g. /watch add ORCL.' };
      const allowed = (await services.trader?.riskLimits())?.allowlist ?? null;
      const outside = allowed ? symbols.filter((s) => !allowed.includes(s)) : [];
      if (outside.length) return { refusal: `${outside.join(', ')} ${outside.length > 1 ? 'are' : 'is'} not in the allowed symbols (${allowed!.join(', ')}); nothing was added. /limits symbols=... changes them.` };
      const refusal = await untradeable(services, symbols, 'nothing was added');
      return refusal ? { refusal } : {};
    }
    if (args.action === 'remove') {
      if (symbols.length === 0) return { refusal: 'Name the symbols to remove, e.g. /watch remove SPX.' };
      const absent = symbols.filter((s) => !watched.includes(s));
      if (absent.length) return { refusal: `The autopilot does not trade ${absent.join(', ')} (it trades ${watched.join(', ')}); nothing was removed.` };
      if (watched.every((s) => symbols.includes(s))) return { refusal: 'The autopilot needs at least one symbol, so nothing was removed; /autopilot off stops it instead.' };
    }
    return {};
  },
  async run(args, ctx) {
    const ap = partOf(ctx.services, 'autopilot');
    const watched = await ap.symbols();
    const symbols = (args.symbols ?? []).map((s) => s.toUpperCase());
    if (args.action === 'add' || args.action === 'remove') {
      const next = args.action === 'add' ? [...new Set([...watched, ...symbols])] : watched.filter((s) => !symbols.includes(s));
      await ap.setSymbols(next);
      return [textReply(`The autopilot now trades ${next.join(', ')} (${args.action === 'add' ? 'added' : 'removed'} ${symbols.join(', ')}).`)];
    }
    const { enabled } = await ap.status();
    return [textReply(`The autopilot trades ${watched.join(', ')}; it is ${enabled ? 'on' : 'off'}. /watch add SYMBOL or /watch remove SYMBOL changes them.`)];
  },
});
