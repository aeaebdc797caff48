// Autopilot intents: switch the autonomous loop on or off (actions), its status, why it holds what it holds, and the
// daily report on demand. Without the autopilot or the report maker they say so.
import { z } from 'zod';
import { defineIntent } from '../intent.ts';
import { textReply } from '../reply.ts';
import { ageOf, staleNote } from './data-age-note.ts';
import { requireStoredSymbols } from '../../engine/use-cases/symbol-bars.ts';
import { symbolArg } from './arg-types.ts';
import { partOf, type AgentServices } from '../services.ts';
import { isoDate } from '../../calendar/dates.ts';

const NO_AUTOPILOT = 'The autopilot is not available here: this session was started without trading (`mltrainer chat` and `mltrainer start` have it).';

export const needsAutopilot = (s: AgentServices) => (s.autopilot ? null : NO_AUTOPILOT);

/**
 * Why the autopilot cannot trade `symbols` (null when it can): a symbol with no data (a UserError naming the closest
 * stored ones), no daily bars, or only stale bars that no configured provider can bring up to date, which it would
 * otherwise trade as if they were today's prices. `outcome` says what was not done ("it was not switched on").
 */
export async function untradeable(services: AgentServices, symbols: readonly string[], outcome: string): Promise<string | null> {
  await requireStoredSymbols(services, symbols);
  const providers = services.puller?.sources().filter((p) => p === 'polygon' || p === 'alpaca') ?? [];
  if (providers.length > 0) return null;
  for (const symbol of symbols) {
    const bars = await services.bars.readBars(symbol, '1d');
    if (bars.length === 0) return `The autopilot trades daily bars, and ${symbol} has none stored; ${outcome}. Import daily bars for ${symbol} or pull them with a provider.`;
    const age = ageOf(services, symbol, isoDate(bars.time[bars.length - 1]!));
    if (age.stale) {
      return (
        `The newest ${symbol} bar is ${age.asOf}, ${age.age} old, and no data provider is configured to bring it up to date, so the autopilot would trade ` +
        `old prices as if they were today's; ${outcome}. Set POLYGON_API_KEY (or Alpaca's APCA_API_KEY_ID and APCA_API_SECRET_KEY), then /pull polygon ${symbol}.`
      );
    }
  }
  return null;
}

export const autopilotIntent = defineIntent({
  name: 'autopilot',
  description:
    'Switch the autopilot on or off, or show its status: the autonomous model-selection and trading loop, optionally for given symbols.',
  usage: '/autopilot on|off|status [SYMBOL,...]',
  aliases: ['auto'],
  args: z.object({
    state: z.enum(['on', 'off', 'status']).describe('on, off or status'),
    symbols: z.array(symbolArg).min(1).optional().describe('The symbols it should trade (with on), e.g. ORCL,SPX'),
  }),
  positional: ['state'],
  role: (a) => (a.state === 'status' ? 'viewer' : 'admin'),
  action: (a) => a.state !== 'status',
  describeAction: (a) => `switch the autopilot ${a.state}${a.state === 'on' && a.symbols ? ` for ${a.symbols.map((s) => s.toUpperCase()).join(', ')}` : ''}`,
  unavailable: needsAutopilot,
  // Switching on is refused before any confirmation when a symbol has no data, or only stale data that no configured
  // provider can bring up to date: the loop would otherwise trade years-old prices as if they were today's.
  async precheck(args, services) {
    if (args.state !== 'on') return {};
    const symbols = args.symbols?.map((s) => s.toUpperCase()) ?? (await partOf(services, 'autopilot').symbols());
    const refusal = await untradeable(services, symbols, 'it was not switched on');
    return refusal ? { refusal } : {};
  },
  async run(args, ctx) {
    const ap = partOf(ctx.services, 'autopilot');
    if (args.state !== 'status') {
      if (args.state === 'on' && args.symbols) await ap.setSymbols(args.symbols.map((s) => s.toUpperCase()));
      await ap.setEnabled(args.state === 'on');
      const symbols = args.state === 'on' ? ` for ${(await ap.symbols()).join(', ')}` : '';
      return [textReply(`The autopilot is now ${args.state}${symbols}.`)];
    }
    const s = await ap.status();
    const lines = [
      `The autopilot is ${s.enabled ? 'on' : 'off'}${s.symbols.length ? `, watching ${s.symbols.join(', ')}` : ''}.`,
      s.lastRun ? `Last run: ${s.lastRun}.` : 'It has not run yet.',
    ];
    if (s.summary) lines.push(s.summary);
    // Its next session would trade on the newest stored bars: say when those are not today's market.
    for (const symbol of s.symbols) {
      const bars = await ctx.services.bars.readBars(symbol, '1d');
      if (bars.length === 0) continue;
      const asOf = isoDate(bars.time[bars.length - 1]!);
      lines.push(staleNote(ctx.services, symbol, asOf) ?? `${symbol}'s newest bar is ${asOf}.`);
    }
    return [textReply(lines.join('\n'))];
  },
});
