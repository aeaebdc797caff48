// Subscription intents: this chat receives (or stops receiving) trade alerts or the daily report.
import { z } from 'zod';
import { defineIntent } from '../intent.ts';
import { textReply } from '../reply.ts';
import { partOf, type AgentServices } from '../services.ts';

const topicArg = z.enum(['alerts', 'daily']).describe('alerts (fills, halts, autopilot changes) or daily (the daily report)');
const needsBook = (s: AgentServices) =>
  s.subscriptions ? null : 'Subscriptions are not available here: this session was started without its subscription store.';

export const subscribeIntent = defineIntent({
  name: 'subscribe',
  description: 'Send this chat trade alerts or the daily report.',
  usage: '/subscribe alerts|daily',
  args: z.object({ topic: topicArg }),
  positional: ['topic'],
  unavailable: needsBook,
  async run(args, ctx) {
    const { platform, chatId } = ctx.message;
    const added = await partOf(ctx.services, 'subscriptions').subscribe({ platform, chatId }, args.topic);
    const what = args.topic === 'daily' ? 'the daily report' : 'trade alerts';
    return [textReply(added ? `This chat now receives ${what}. /unsubscribe ${args.topic} stops it.` : `This chat already receives ${what}.`)];
  },
});

export const unsubscribeIntent = defineIntent({
  name: 'unsubscribe',
  description: 'Stop sending this chat trade alerts or the daily report.',
  usage: '/unsubscribe alerts|daily',
  args: z.object({ topic: topicArg }),
  positional: ['topic'],
  unavailable: needsBook,
  async run(args, ctx) {
    const { platform, chatId } = ctx.message;
    const removed = (await partOf(ctx.services, 'subscriptions').unsubscribe({ platform, chatId }, args.topic)).length > 0;
    const what = args.topic === 'daily' ? 'the daily report' : 'trade alerts';
    return [textReply(removed ? `This chat no longer receives ${what}.` : `This chat was not receiving ${what}.`)];
  },
});
