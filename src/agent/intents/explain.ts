// /why and /report: why the book holds what it holds, and the daily report or weekly summary on demand.
import { z } from 'zod';
import { defineIntent } from '../intent.ts';
import { textReply } from '../reply.ts';
import { dateArg, symbolArg } from './arg-types.ts';
import { needsAutopilot } from './autopilot.ts';

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
