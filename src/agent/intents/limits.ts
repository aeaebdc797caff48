// The risk limits in chat: `/limits` shows the limits every order is checked against; `/limits key=value ...` changes
// them (an action: an allowed user and a confirmation). Values are validated here so a typo changes nothing.
import { z } from 'zod';
import type { RiskLimits } from '../../engine/trader/trader-config.ts';
import { acceptsPercent } from './arg-types.ts';
import { needsTrader, traderOf } from './trading.ts';
import { defineIntent } from '../intent.ts';
import { textReply } from '../reply.ts';
import { formatTable, pct } from '../../format.ts';

const fraction = (what: string, max: number) =>
  acceptsPercent(
    z
      .number()
      .gt(0, `${what} must be above 0`)
      .max(max, `${what} must be at most ${max}`)
      .describe(`${what}, a fraction of equity (0.25 = 25%)`),
  );

const limitArgs = z.object({
  symbolWeight: fraction('the largest weight of one symbol', 1).optional(),
  grossExposure: fraction('the largest gross exposure', 4).optional(),
  positions: z.number().int().min(1).max(1000).optional().describe('the largest number of open positions'),
  dailyLoss: fraction("the day's loss that halts new entries", 0.5).optional(),
  symbols: z
    .string()
    .regex(/^(all|[A-Za-z][A-Za-z0-9.]{0,9}(,[A-Za-z][A-Za-z0-9.]{0,9})*)$/, 'symbols must be a comma-separated list like SPX,AAPL, or all')
    .optional()
    .describe('the only symbols that may be traded, comma-separated, or all'),
});

type LimitArgs = z.infer<typeof limitArgs>;

function toChange(a: LimitArgs): Partial<RiskLimits> {
  const change: Partial<RiskLimits> = {};
  if (a.symbolWeight !== undefined) change.maxSymbolWeight = a.symbolWeight;
  if (a.grossExposure !== undefined) change.maxGrossExposure = a.grossExposure;
  if (a.positions !== undefined) change.maxOpenPositions = a.positions;
  if (a.dailyLoss !== undefined) change.dailyLossLimit = a.dailyLoss;
  if (a.symbols !== undefined) change.allowlist = a.symbols.toLowerCase() === 'all' ? null : a.symbols.toUpperCase().split(',');
  return change;
}

function describe(a: LimitArgs): string {
  const parts = Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`);
  return `set the risk limits ${parts.join(' ')}`;
}

/** The current limits, each with the words that change it, written with its current value (a number to edit). */
function table(l: RiskLimits): string {
  const n = (x: number) => String(Number(x.toFixed(6)));
  return formatTable([
    ['limit', 'now', 'change with'],
    ['largest weight of one symbol', pct(l.maxSymbolWeight, 1), `symbolWeight=${n(l.maxSymbolWeight)}`],
    ['largest gross exposure', pct(l.maxGrossExposure, 1), `grossExposure=${n(l.maxGrossExposure)}`],
    ['most open positions', String(l.maxOpenPositions), `positions=${l.maxOpenPositions}`],
    ["day's loss that halts new entries", pct(l.dailyLossLimit, 1), `dailyLoss=${n(l.dailyLossLimit)}`],
    ['symbols that may be traded', l.allowlist ? l.allowlist.join(', ') : 'all', l.allowlist ? `symbols=${l.allowlist.join(',')}` : 'symbols=all'],
  ]);
}

export const limitsIntent = defineIntent({
  name: 'limits',
  private: true,
  description: 'Show the risk limits every order is checked against, or change them (asks for confirmation).',
  usage: '/limits [symbolWeight=F] [grossExposure=F] [positions=N] [dailyLoss=F] [symbols=A,B|all]',
  args: limitArgs,
  role: (a) => (Object.values(a).some((v) => v !== undefined) ? 'admin' : 'viewer'),
  action: (a) => Object.values(a).some((v) => v !== undefined),
  describeAction: describe,
  unavailable: needsTrader,
  async run(args, ctx) {
    const trader = traderOf(ctx.services);
    const change = toChange(args);
    if (Object.keys(change).length === 0) {
      return [textReply('The risk limits every order is checked against; change one with /limits NAME=VALUE, e.g. /limits dailyLoss=0.02:', { code: table(await trader.riskLimits()) })];
    }
    const now = await trader.setRiskLimits(change);
    return [textReply('Risk limits changed; every new order, and the autopilot, is checked against them:', { code: table(now) })];
  },
});
