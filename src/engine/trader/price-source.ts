// Prices from the bar store for the simulated broker, the risk manager and the marks: under the wall clock the
// newest close in the store (any timeframe), under a replay clock the close of the last bar the clock has reached.
import type { BarSeries } from '../../registry/model.ts';
import type { Clock } from '../clock.ts';
import { TIMEFRAMES, type Timeframe } from '../data/bar.ts';
import { type BarStore } from '../data/bar-store.ts';
import type { SimulatedFillMode } from './trader-config.ts';
import { isoDate } from '../../calendar/dates.ts';

export interface LastPrice {
  price: number;
  /** Epoch ms of the bar. */
  time: number;
  /** YYYY-MM-DD of the bar. */
  date: string;
  timeframe: Timeframe;
}

const DAY = 86_400_000;

export class BarPriceSource {
  constructor(
    private readonly bars: BarStore,
    private readonly clock: Clock,
    readonly mode: SimulatedFillMode,
    readonly timeframe: Timeframe,
  ) {}

  async lastPrice(symbol: string): Promise<LastPrice | null> {
    return this.mode === 'next-open' ? this.lastReplayPrice(symbol) : this.newestClose(symbol);
  }

  /** Bars strictly after `after` and up to `upTo` (inclusive), of the fill timeframe. */
  async barsBetween(symbol: string, after: number, upTo: number): Promise<BarSeries> {
    return this.bars.readBars(symbol, this.timeframe, { from: after + 1, to: Number.isFinite(upTo) ? upTo : undefined });
  }

  /** The instant up to which bars may fill orders: the clock under replay, every stored bar under the wall clock. */
  fillHorizon(): number {
    return this.mode === 'next-open' ? this.clock.now() : Infinity;
  }

  private async newestClose(symbol: string): Promise<LastPrice | null> {
    let best: { time: number; timeframe: Timeframe } | null = null;
    for (const tf of TIMEFRAMES) {
      const t = await this.bars.lastBarTime(symbol, tf);
      if (t !== null && (best === null || t > best.time)) best = { time: t, timeframe: tf };
    }
    if (!best) return null;
    const s = await this.bars.readBars(symbol, best.timeframe, { from: best.time, to: best.time });
    if (s.length === 0) return null;
    return { price: s.close[s.length - 1]!, time: best.time, date: isoDate(best.time), timeframe: best.timeframe };
  }

  private async lastReplayPrice(symbol: string): Promise<LastPrice | null> {
    const now = this.clock.now();
    // A short window first: the replay asks this for every order and mark.
    let s = await this.bars.readBars(symbol, this.timeframe, { from: now - 45 * DAY, to: now });
    if (s.length === 0) s = await this.bars.readBars(symbol, this.timeframe, { to: now });
    if (s.length === 0) return null;
    const i = s.length - 1;
    return { price: s.close[i]!, time: s.time[i]!, date: isoDate(s.time[i]!), timeframe: this.timeframe };
  }
}
