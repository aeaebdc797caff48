// Intents that describe mlTrainer itself: help and status.
import type { LiveView } from '../../engine/live/live-feed.ts';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { pingDb } from '../../engine/db/database.ts';
import { defineIntent, shortDescription, type IntentDefinition } from '../intent.ts';
import { textReply } from '../reply.ts';
import { closestNames } from '../../engine/use-cases/closest-names.ts';
import { money } from '../../format.ts';
import { newYorkDate } from '../../calendar/dates.ts';

/** Longer usages are listed as `/name ...` (the limits' key=value list would take three phone lines). */
/** /help's sections, in order; a command in none of them is listed under "More". */
const HELP_GROUPS: readonly (readonly [string, readonly string[]])[] = [
  ['Data', ['help', 'status', 'data', 'pull', 'quote']],
  ['Models and research', ['models', 'model', 'backtest', 'compare', 'leaderboard', 'evaluate', 'accuracy', 'recommend', 'predict', 'volatility', 'risk', 'regime', 'overbought']],
  ['Paper trading', ['buy', 'sell', 'close', 'orders', 'cancel', 'positions', 'balance', 'pnl', 'trades', 'profit', 'performance', 'daily', 'weekly', 'monthly']],
  ['Control', ['halt', 'stopentry', 'resume', 'limits', 'autopilot', 'watch', 'why', 'report']],
  ['This chat and the team', ['subscribe', 'unsubscribe', 'notify', 'role', 'audit']],
];

// Imported lazily (the intent list includes this intent), once: each `import()` call costs a loader round trip.
let intentIndexModule: Promise<typeof import('./index.ts')> | undefined;
const intentIndex = () => (intentIndexModule ??= import('./index.ts'));

export const helpIntent = defineIntent({
  name: 'help',
  description: 'List what mlTrainer can do, with the commands to ask for it; /help COMMAND explains one command.',
  usage: '/help [COMMAND]',
  args: z.object({ command: z.string().min(1).optional().describe('A command to explain, e.g. backtest') }),
  positional: ['command'],
  async run(args, ctx) {
    const { allIntents, findIntent } = await intentIndex();
    if (args.command) {
      const name = args.command.replace(/^\//, '').toLowerCase();
      const one = findIntent(name) ?? allIntents().find((i: IntentDefinition) => i.aliases?.includes(name));
      if (!one) {
        const near = closestNames(name, allIntents().map((i: IntentDefinition) => i.name), 3);
        return [textReply(`There is no /${name} command.${near.length ? ` Did you mean ${near.map((n) => `/${n}`).join(', ')}?` : ''} Send /help for the list.`)];
      }
      const lines = [`${one.usage}`, one.description];
      if (one.aliases?.length) lines.push(`Also: ${one.aliases.map((a) => `/${a}`).join(', ')}.`);
      if (one.action) lines.push('It changes something, so it asks for a confirmation first.');
      // Who may run it (the core checks the role; /role lists who holds which).
      if (one.role === 'trader') lines.push('It needs a trader or an admin.');
      else if (one.role === 'admin') lines.push('It needs an admin.');
      else if (typeof one.role === 'function') lines.push('Reading is open to everyone; changing needs an admin.');
      return [textReply(lines.join('\n'))];
    }
    // Grouped by what a user came to do, one short line per command, so the list stays one Telegram message (4096
    // characters) as commands are added; /help COMMAND gives the whole usage, and Claude reads the full description.
    const listed = allIntents().filter((i: IntentDefinition) => i.listed !== false);
    const lines: string[] = [];
    for (const [title, names] of HELP_GROUPS) {
      const members = listed.filter((i: IntentDefinition) => names.includes(i.name));
      if (members.length === 0) continue;
      lines.push(`${lines.length ? '\n' : ''}${title}`);
      for (const i of members) lines.push(`/${i.name}  ${shortDescription(i.description)}`);
    }
    const rest = listed.filter((i: IntentDefinition) => !HELP_GROUPS.some(([, names]) => names.includes(i.name)));
    if (rest.length) lines.push(`\nMore`, ...rest.map((i: IntentDefinition) => `/${i.name}  ${shortDescription(i.description)}`));
    return [
      textReply(
        `mlTrainer ${ctx.services.version}: ML models, backtests and paper trading on real market data.\n` +
          'Ask in slash commands or plain words, e.g. "backtest a 20/50 sma crossover on SPX since 2010". /help COMMAND explains one command.',
        { code: lines.join('\n') },
      ),
    ];
  },
});

export const statusIntent = defineIntent({
  name: 'status',
  description: 'Show the version, the database, how fresh the data is and which services are configured.',
  usage: '/status',
  args: z.object({}),
  async run(_args, ctx) {
    const s = ctx.services;
    const alive = await pingDb(s.db.db);
    const bars = await s.bars.summary();
    const newest = bars.reduce<string | null>((m, b) => (m === null || b.last > m ? b.last : m), null);
    const today = newYorkDate(s.clock.now()); // the trader's and the reports' today
    const ageDays = newest ? Math.round((Date.parse(today) - Date.parse(newest)) / 86_400_000) : null;
    const services = Object.entries(s.configured)
      .map(([name, on]) => `${name} ${on ? 'on' : 'off'}`)
      .join(', ');
    // What the user can act on: the paper account (broker, halts) and whether the autopilot is switched on.
    // A remote broker gets a few seconds: /status must answer even when Alpaca does not.
    const balance = s.trader ? await Promise.race([s.trader.balance(), delay(3_000, null, { ref: false })]).catch(() => null) : null;
    const trading = !s.trader
      ? 'not available in this build'
      : !balance
        ? `the ${s.trader.broker} broker is not answering`
        : `${balance.broker} broker, equity ${money(balance.equity)}, ${balance.openPositions} open position(s)` +
          (balance.halted ? ', halted (/resume)' : '') +
          (balance.dailyLossHalt ? ', new entries halted for the day (daily loss limit)' : '');
    const autopilot = s.autopilot ? `switched ${(await s.autopilot.status()).enabled ? 'on' : 'off'}` : 'not available in this build';
    const lines = [
      `mlTrainer ${s.version}`,
      // Where the database lives is the operator's business: only the console (on the same machine) is told.
      `Database: ${s.db.driver === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'}${ctx.message.platform === 'console' ? ` at ${s.db.location}` : ''} (${alive ? 'ok' : 'not answering'})`,
      newest
        ? `Data: ${bars.length} symbol/timeframe sets; newest bar ${newest} (${ageDays} days before today, ${today})`
        : 'Data: none stored yet',
      `Models: ${s.models.all().length} in the registry. Understander: ${s.llm ? `Claude (${s.llm.model})` : 'offline'}.`,
      `Services: ${services}`,
      ...(s.heavy ? [`Heavy work: ${s.heavy.queue.load.running} running, ${s.heavy.queue.load.waiting} waiting (${s.heavy.pool.size} worker threads)`] : []),
      `Paper trading: ${trading}. Autopilot: ${autopilot}. Subscriptions: ${s.subscriptions ? 'available' : 'not available in this build'}.`,
      ...(s.live ? [liveLine(await s.live.view())] : []),
    ];
    return [textReply(lines.join('\n'))];
  },
});

/** The live view every instance publishes to Redis: its account figure and how busy the instances are. */
function liveLine(view: LiveView | null): string {
  if (!view) return 'Live view (Redis): not readable now.';
  const when = (at: number) => `${new Date(at).toISOString().slice(11, 19)} UTC`;
  const account = view.account ? `equity ${money(view.account.value.equity)}, ${view.account.value.openPositions} open position(s) as of ${when(view.account.at)}` : 'no account published yet';
  const rate = (x: number | null) => (x === null ? 'n/a' : x.toFixed(1));
  return `Live view (Redis): ${view.instances} instance(s) active in the last 2 minutes; ${account}; ${rate(view.messagesPerMinute)} messages and ${rate(view.ordersPerMinute)} orders a minute over all instances.`;
}
