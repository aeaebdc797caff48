// Subscription intents: this chat receives (or stops receiving) trade alerts or the daily report.
import { z } from 'zod';
import { ALERT_KIND_WORDS, ALERT_KINDS, ALERT_MODES } from '../../engine/notify/alert-kinds.ts';
import { formatTable } from '../../format.ts';
import { defineIntent, isOwnChat } from '../intent.ts';
import type { ChatMessage } from '../chat-message.ts';
import type { Role } from '../../engine/access/role.ts';
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
  role: othersChat,
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
  role: othersChat,
  unavailable: needsBook,
  async run(args, ctx) {
    const { platform, chatId } = ctx.message;
    const removed = (await partOf(ctx.services, 'subscriptions').unsubscribe({ platform, chatId }, args.topic)).length > 0;
    const what = args.topic === 'daily' ? 'the daily report' : 'trade alerts';
    return [textReply(removed ? `This chat no longer receives ${what}.` : `This chat was not receiving ${what}.`)];
  },
});

const NEXT_MODE = { on: 'silent', silent: 'off', off: 'on' } as const;

/** Notifications for a chat others share (a group, a channel) are an admin's to change; one's own chat is one's own. */
function othersChat(_args: unknown, message: ChatMessage): Role {
  return isOwnChat(message) ? 'viewer' : 'admin';
}

const kindArg = z.enum([...ALERT_KINDS, 'all']).describe(`an alert kind (${ALERT_KINDS.join(', ')}) or all`);

export const notifyIntent = defineIntent({
  name: 'notify',
  description: "This chat's alerts, kind by kind: on, silent (delivered without a sound) or off; /notify fill off sets one.",
  usage: `/notify [KIND|all] [on|silent|off]`,
  args: z.object({ kind: kindArg.optional(), mode: z.enum(ALERT_MODES).optional().describe('on, silent or off') }),
  positional: ['kind', 'mode'],
  role: (a, message) => (a.mode ? othersChat(a, message) : 'viewer'),
  unavailable: (s) => (s.alertSettings ? null : 'Alert settings are not available here: this session was started without their store.'),
  async run(args, ctx) {
    const store = partOf(ctx.services, 'alertSettings');
    const chat = { platform: ctx.message.platform, chatId: ctx.message.chatId };
    if (args.kind && !args.mode) return [textReply(`Say how: /notify ${args.kind} on, /notify ${args.kind} silent or /notify ${args.kind} off.`)];
    if (args.kind && args.mode) await store.set(chat, args.kind, args.mode, new Date(ctx.services.clock.now()));
    const modes = await store.modesOf(chat);
    const subscribed = ctx.services.subscriptions ? (await ctx.services.subscriptions.topicsOf(chat)).includes('alerts') : false;
    const rows = [['alert', 'mode', 'when'], ...ALERT_KINDS.map((k) => [k, modes[k], ALERT_KIND_WORDS[k]])];
    const head = args.kind ? `Set: ${args.kind === 'all' ? 'every alert' : args.kind} ${args.mode} for this chat.` : "This chat's alerts:";
    const sub = subscribed ? '' : '\nThis chat does not receive alerts yet: /subscribe alerts turns them on.';
    // One button per kind moves it to its next mode (on -> silent -> off -> on): a tap instead of typing.
    const buttons = ALERT_KINDS.map((k) => {
      const next = NEXT_MODE[modes[k]];
      return { label: `${k}: ${next}`, data: `/notify ${k} ${next}` };
    });
    return [
      textReply(`${head}${sub}\nsilent: delivered without a sound (Telegram); /notify KIND on|silent|off changes one, or tap a button to move a kind to the mode it names.`, {
        code: formatTable(rows, ['l', 'l', 'l']),
        buttons,
      }),
    ];
  },
});
