// Runs a chat's heavy request (a backtest, a comparison, an evaluation) through the engine's heavy-work queue: one at a
// time per chat and a bounded line overall; a request that must wait is told so, plainly, before its answer comes.
import { HeavyWork } from '../../engine/heavy/heavy-work.ts';
import { plural } from '../../format.ts';
import type { IntentContext } from '../intent.ts';
import { textReply } from '../reply.ts';

/** Services built without a pool (a test's own): in this thread, one job at a time, the same limits. */
let inThread: HeavyWork | undefined;

export function heavyWork(ctx: IntentContext): HeavyWork {
  return ctx.services.heavy ?? (inThread ??= new HeavyWork({ workers: 0 }));
}

/** `what` names the request in the busy notice ("backtest"). */
export async function runHeavyJob<T>(ctx: IntentContext, what: string, job: (heavy: HeavyWork) => Promise<T>): Promise<T> {
  const heavy = heavyWork(ctx);
  const chat = `${ctx.message.platform}:${ctx.message.chatId}`;
  return heavy.queue.run(
    chat,
    () => job(heavy),
    async (ahead) => {
      await ctx.say?.(textReply(`Busy: ${plural(ahead, 'request')} ahead of you. Your ${what} starts when a worker is free; the answer follows.`));
    },
  );
}
