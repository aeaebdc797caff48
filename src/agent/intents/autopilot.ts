// Autopilot intents: switch the autonomous loop on or off (actions), its status, why it holds what it holds, and the
// daily report on demand. Without the autopilot or the report maker they say so.
import { z } from 'zod';
import { defineIntent } from '../intent.ts';
import { textReply } from '../reply.ts';
import type { AgentServices } from '../services.ts';
import { dateArg, symbolArg } from './arg-types.ts';

const NO_AUTOPILOT = 'The autopilot is not available yet: the autonomous trading loop is not wired into this build.';

const needsAutopilot = (s: AgentServices) => (s.autopilot ? null : NO_AUTOPILOT);

export const autopilotIntent = defineIntent({
  name: 'autopilot',
  description: 'Switch the autopilot (the autonomous model-selection and trading loop) on or off, or show its status.',
  usage: '/autopilot on|off|status',
  aliases: ['auto'],
  args: z.object({ state: z.enum(['on', 'off', 'status']).describe('on, off or status') }),
  positional: ['state'],
  action: (a) => a.state !== 'status',
  describeAction: (a) => `switch the autopilot ${a.state}`,
  unavailable: needsAutopilot,
  async run(args, ctx) {
    const ap = ctx.services.autopilot!;
    if (args.state !== 'status') {
      await ap.setEnabled(args.state === 'on');
      return [textReply(`The autopilot is now ${args.state}.`)];
    }
    const s = await ap.status();
    const lines = [
      `The autopilot is ${s.enabled ? 'on' : 'off'}${s.symbols.length ? `, watching ${s.symbols.join(', ')}` : ''}.`,
      s.lastRun ? `Last run: ${s.lastRun}.` : 'It has not run yet.',
    ];
    if (s.summary) lines.push(s.summary);
    return [textReply(lines.join('\n'))];
  },
});

export const whyIntent = defineIntent({
  name: 'why',
  description: 'Explain why the autopilot holds what it holds in a symbol (its models, their signals and weights), at a date or the latest decision.',
  usage: '/why SYMBOL [DATE]',
  args: z.object({ symbol: symbolArg, date: dateArg.optional() }),
  positional: ['symbol', 'date'],
  unavailable: needsAutopilot,
  async run(args, ctx) {
    const symbol = args.symbol.toUpperCase();
    ctx.memory.symbol = symbol;
    return [textReply(await ctx.services.autopilot!.explain(symbol, args.date))];
  },
});

export const reportIntent = defineIntent({
  name: 'report',
  description: "Produce the daily report or the weekly summary now: P&L against buy-and-hold, positions, the autopilot's decisions, the leaderboard's moves.",
  usage: '/report [daily|weekly]',
  args: z.object({ kind: z.enum(['daily', 'weekly']).optional().describe('daily (default) or weekly') }),
  positional: ['kind'],
  unavailable: (s) => (s.reports ? null : 'The daily report is not available yet: the report maker is not wired into this build.'),
  async run(args, ctx) {
    const r = args.kind === 'weekly' ? await ctx.services.reports!.weeklyReport() : await ctx.services.reports!.dailyReport();
    return [textReply(r.text, { code: r.code, image: r.image ?? null })];
  },
});
