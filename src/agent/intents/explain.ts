// /why and /report: why the book holds what it holds, and the daily report or weekly summary on demand.
import { z } from 'zod';
import { defineIntent } from '../intent.ts';
import { textReply } from '../reply.ts';
import { partOf, type AgentServices } from '../services.ts';
import { dateArg, symbolArg } from './arg-types.ts';
import { needsAutopilot } from './autopilot.ts';
import { price, qty } from '../../format.ts';

export const whyIntent = defineIntent({
  name: 'why',
  description: 'Explain why the autopilot holds a symbol: its models, their signals and weights, at a date or the latest decision.',
  usage: '/why SYMBOL [DATE]',
  args: z.object({ symbol: symbolArg, date: dateArg.optional() }),
  positional: ['symbol', 'date'],
  unavailable: needsAutopilot,
  async run(args, ctx) {
    const symbol = args.symbol.toUpperCase();
    ctx.memory.symbol = symbol;
    const autopilot = await partOf(ctx.services, 'autopilot').explain(symbol, args.date);
    const manual = await manualOrders(ctx.services, symbol, args.date);
    return [textReply(manual ? `${autopilot}\n${manual}` : autopilot)];
  },
});

const PLATFORM: Record<string, string> = { console: 'the console', telegram: 'Telegram', slack: 'Slack' };
const MANUAL_SHOWN = 3;

/** The chat's own orders on the symbol (newest first, up to the date): who placed what, when and where. */
async function manualOrders(services: AgentServices, symbol: string, date?: string): Promise<string | null> {
  if (!services.trader) return null;
  const orders = (await services.trader.listOrders('all'))
    .filter((o) => o.symbol === symbol && o.origin === 'chat' && (!date || o.createdAt.slice(0, 10) <= date))
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
    .slice(0, MANUAL_SHOWN);
  if (orders.length === 0) return null;
  const lines = orders.map((o) => {
    const platform = PLATFORM[o.decisionKey?.split(':')[1] ?? ''] ?? 'a chat';
    const when = new Date(o.createdAt).toISOString().replace('T', ' ').slice(0, 16);
    const verb = o.side === 'buy' ? 'bought' : 'sold';
    const state = o.status === 'filled' ? `${verb} ${qty(o.filledQty)} ${symbol} at ${price(o.filledAvgPrice ?? Number.NaN)}` : `asked to ${o.side} ${qty(o.qty)} ${symbol} (${o.status})`;
    return `You ${state} on ${when} UTC via ${platform} (order #${o.id}).`;
  });
  return `Manual orders on ${symbol}:\n${lines.join('\n')}`;
}

export const reportIntent = defineIntent({
  name: 'report',
  description: "Produce the daily report or the weekly summary now: P&L against buy-and-hold, positions, the autopilot's decisions, the leaderboard's moves.",
  usage: '/report [daily|weekly]',
  args: z.object({ kind: z.enum(['daily', 'weekly']).optional().describe('daily (default) or weekly') }),
  positional: ['kind'],
  unavailable: (s) => (s.reports ? null : 'The daily report is not available here: this session was started without trading (`mltrainer chat` and `mltrainer start` have it).'),
  async run(args, ctx) {
    const r = args.kind === 'weekly' ? await partOf(ctx.services, 'reports').weeklyReport() : await partOf(ctx.services, 'reports').dailyReport();
    return [textReply(r.text, { code: r.code, image: r.image ?? null })];
  },
});
