// Bars in a year per timeframe, for annualising CAGR, Sharpe and regime statistics. Daily is the contract's 252;
// other timeframes annualise by their own count, so a monthly backtest is not scaled as if its bars were days.
import type { Timeframe } from '../data/bar.ts';

export const PERIODS_PER_YEAR: Readonly<Record<Timeframe, number>> = { '1d': 252, '1wk': 52, '1mo': 12, '1h': 252 * 7, '1m': 252 * 390 };
