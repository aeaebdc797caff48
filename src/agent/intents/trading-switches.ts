// The trader's switches: /halt (the kill switch: open orders cancelled, every order refused), /stopentry (a graceful
// stop: new entries refused, manual and autopilot, while exits and resting orders keep working) and /resume (lifts
// either). Each asks for a confirmation and is written to the audit log like every action.
import { z } from 'zod';
import { defineIntent } from '../intent.ts';
import { textReply, type Reply } from '../reply.ts';
import { needsTrader, traderOf } from './trading.ts';

export const haltIntent = defineIntent({
  name: 'halt',
  description: 'Halt trading with the kill switch: cancel open orders and refuse new ones until /resume (asks for confirmation).',
  usage: '/halt',
  args: z.object({}),
  role: 'trader',
  action: true,
  describeAction: () => 'halt trading (cancel open orders, refuse new ones) until /resume',
  unavailable: needsTrader,
  async run(_args, ctx): Promise<Reply[]> {
    await traderOf(ctx.services).halt(`halted from ${ctx.message.platform} by ${ctx.message.userId}`);
    return [textReply('Trading is halted: open orders cancelled, no new orders until /resume.')];
  },
});

export const stopEntryIntent = defineIntent({
  name: 'stopentry',
  description: 'Stop new entries gracefully: manual and autopilot entries are refused while exits and open orders keep working, until /resume (asks for confirmation).',
  usage: '/stopentry',
  args: z.object({}),
  role: 'trader',
  action: true,
  describeAction: () => 'stop new entries (exits and open orders keep working) until /resume',
  unavailable: needsTrader,
  async run(_args, ctx): Promise<Reply[]> {
    await traderOf(ctx.services).stopEntries(`stopped from ${ctx.message.platform} by ${ctx.message.userId}`);
    return [textReply('New entries are stopped: buys that open or add to a position (and shorts) are refused, for you and the autopilot; sells that reduce a position and open orders still work. /resume lets entries again.')];
  },
});

export const resumeIntent = defineIntent({
  name: 'resume',
  description: 'Resume trading after /halt or /stopentry (asks for confirmation).',
  usage: '/resume',
  args: z.object({}),
  // Lifting a stop takes the risk back on: an admin's call (any trader may stop).
  role: 'admin',
  action: true,
  describeAction: () => 'resume trading (lift the halt and the stop of entries)',
  unavailable: needsTrader,
  async run(_args, ctx) {
    const trader = traderOf(ctx.services);
    const before = await trader.balance();
    await trader.resume();
    const what = [before.halted ? 'the kill switch is off' : '', before.entriesStopped ? 'new entries are allowed again' : ''].filter(Boolean);
    return [textReply(what.length ? `Trading resumed: ${what.join(' and ')}.` : 'Trading was not halted and entries were not stopped: nothing to resume.')];
  },
});
