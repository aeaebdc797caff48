// The trader's day: under a replay clock the bar's own date (bars are stamped 00:00 UTC of their date), otherwise
// New York's date, so "today", the daily loss rule and P&L periods follow the market's day, not the server's.
import type { Clock } from '../clock.ts';
import { newYorkDay } from '../../calendar/dates.ts';
import { isoDate } from '../../calendar/dates.ts';

export class TradingDay {
  constructor(
    private readonly clock: Clock,
    private readonly replay: boolean,
  ) {}

  today(): string {
    return this.dayOf(this.clock.now());
  }

  dayOf(ms: number): string {
    const day = this.replay ? ms : newYorkDay(ms);
    return isoDate(day);
  }
}
