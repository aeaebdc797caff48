// The fills of a period as the reports count them: by the day the trade was made (New York date of the fill), not by
// the date of the bar that priced it (on stale data those differ by years), each with who made it.
import type { Fill, TraderService } from '../trader/trader-service.ts';
import { newYorkDate } from '../../calendar/dates.ts';

export interface PeriodFill extends Fill {
  /** manual (a chat order), autopilot, or external (found at the broker). */
  by: 'manual' | 'autopilot' | 'external';
}

export interface PeriodFills {
  fills: PeriodFill[];
  manual: number;
  autopilot: number;
  external: number;
}

/** Fills made from `from` to `to` inclusive (YYYY-MM-DD, New York dates), oldest first. */
export async function fillsBetween(trader: Pick<TraderService, 'fills' | 'listOrders'>, from: string, to: string, limit = 5000): Promise<PeriodFills> {
  const fills = (await trader.fills(limit)).filter((f) => {
    const d = newYorkDate(Date.parse(f.filledAt));
    return d >= from && d <= to;
  });
  const origin = new Map((await trader.listOrders('all')).map((o) => [o.id, o.origin] as const));
  const out = fills.map((f): PeriodFill => {
    const o = origin.get(f.orderId);
    return { ...f, by: o === 'autopilot' ? 'autopilot' : o === 'external' ? 'external' : 'manual' };
  });
  return {
    fills: out,
    manual: out.filter((f) => f.by === 'manual').length,
    autopilot: out.filter((f) => f.by === 'autopilot').length,
    external: out.filter((f) => f.by === 'external').length,
  };
}

/** "4 trades today (3 manual, 1 autopilot)." or "No trades today." */
export function tradesSentence(p: PeriodFills, when: string): string {
  const n = p.fills.length;
  if (n === 0) return `No trades ${when}.`;
  const parts = [p.manual && `${p.manual} manual`, p.autopilot && `${p.autopilot} by the autopilot`, p.external && `${p.external} found at the broker`].filter(Boolean);
  return `${n} trade${n === 1 ? '' : 's'} ${when} (${parts.join(', ')}).`;
}
