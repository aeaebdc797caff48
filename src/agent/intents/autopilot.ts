// Autopilot intents: switch the autonomous loop on or off (actions), its status, why it holds what it holds, and the
// daily report on demand. Without the autopilot or the report maker they say so.
import { z } from 'zod';
import { defineIntent } from '../intent.ts';
import { textReply } from '../reply.ts';
import type { AgentServices } from '../services.ts';

const NO_AUTOPILOT = 'The autopilot is not available yet: the autonomous trading loop is not wired into this build.';

export const needsAutopilot = (s: AgentServices) => (s.autopilot ? null : NO_AUTOPILOT);

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
