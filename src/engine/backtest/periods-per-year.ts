// Bars in a year per timeframe, for annualising CAGR, Sharpe and regime statistics. Daily is the contract's 252;
// other timeframes annualise by their own count, so a monthly backtest is not scaled as if its bars were days.
import type { Timeframe } from '../data/bar.ts';
import { TRADING_DAYS } from './metrics.ts';

export const PERIODS_PER_YEAR: Readonly<Record<Timeframe, number>> = { '1d': TRADING_DAYS, '1wk': 52, '1mo': 12, '1h': TRADING_DAYS * 7, '1m': TRADING_DAYS * 390 };

/** sqrt(252): turns a daily Sharpe ratio or standard deviation into an annual one. */
export const SQRT_DAILY_PERIODS = Math.sqrt(PERIODS_PER_YEAR['1d']);
