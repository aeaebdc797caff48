// The guard on Claude's final explanation: its figures must come from the tool results, with their sign and kind
// (percent or bare), at the precision written; identifiers, dates and the user's own numbers are not sources of figures.
import { describe, expect, it } from 'vitest';
import { numbersIn, unsupportedNumbers } from '../../src/agent/claude/number-check.ts';

// A backtest tool result as the backtest intent renders it (text and table).
const BACKTEST = [
  'Backtest of sma-cross-20-50 on SPX, 2010-01-04 to 2020-04-17 (2590 bars):',
  '              sma-cross-20-50  buy-and-hold',
  'total return           55.83%       153.79%',
  'CAGR                    4.40%         9.49%',
  'Sharpe                   0.45          0.61',
  'max drawdown           19.42%        33.92%',
  'trades                     62             1',
  'exposure                71.2%        100.0%',
  '',
  'It did worse than simply holding (55.83% against 153.79%) and with a lower Sharpe ratio.',
  'Next: try /compare sma-cross-20-50 ema-cross-12-26 SPX 2010-01-01',
].join('\n');

// A result whose Sharpe does not round to 0.5, so only the model id's "50" could back "Sharpe 0.5".
const SHARPE_061 = 'Backtest of sma-cross-20-50 on SPX, 2010-01-04 to 2020-04-17:\nSharpe  0.61  0.72\ntotal return  -10.10%  153.79%';

const USER = 'backtest a 20/50 sma crossover on SPX since 2010';

const bad = (text: string, results: readonly string[] = [BACKTEST], user = USER) => unsupportedNumbers(text, results, user);

describe('reading numbers from a text', () => {
  it('keeps the sign and the kind, and leaves identifiers out', () => {
    const got = numbersIn('sma-cross-20-50 on SPX from 2010-01-04 (S&P 500, 1d bars): -55.83%, +0.45, 2,874.56 and 62, .5');
    expect(got.map((n) => [n.value, n.decimals, n.percent])).toEqual([
      [-55.83, 2, true],
      [0.45, 2, false],
      [2874.56, 2, false],
      [62, 0, false],
      [0.5, 1, false],
    ]);
  });

  it('tells years and model parameters from figures', () => {
    const got = numbersIn('The 20/50 crossover since 2010 (a 14-day RSI) made 62 trades');
    expect(got.map((n) => [n.value, n.role])).toEqual([
      [20, 'param'],
      [50, 'param'],
      [2010, 'year'],
      [14, 'param'],
      [62, 'figure'],
    ]);
  });

  it('reads a loss word as the sign of the number after it', () => {
    expect(numbersIn('it lost 12.30%').map((n) => n.value)).toEqual([-12.3]);
    expect(numbersIn('a loss of 12.30%').map((n) => n.value)).toEqual([-12.3]);
    expect(numbersIn('its max drawdown was 12.30%').map((n) => n.value)).toEqual([12.3]);
  });

});

describe('an explanation that must be refused', () => {
  it.each([
    ['the wrong sign', 'The crossover lost -55.83% since 2010.', ['-55.83%']],
    ['a loss word on a gain', 'The crossover lost 55.83% since 2010.', ['55.83%']],
    ['a bare value shown as a percentage (Sharpe 0.45 as a 45% win rate)', 'Win rate 45%.', ['45%']],
    ['a whole number off by less than one half', 'It made 62.4 trades on average, 63 in all.', ['62.4', '63']],
    ['a figure from the model id', 'About 50% next year.', ['50%']],
    ['a percentage made of the user\'s parameter', 'Expect a 20% drawdown.', ['20%']],
    ['a figure made of a date', 'Sharpe 4 in the best year.', ['4']],
    ['a year nobody mentioned', 'It should double by 2030.', ['2030']],
    ['an invented figure', 'It returned 99.9% with a Sharpe of 3.1.', ['99.9%', '3.1']],
    ['a difference the tools did not compute', 'It trailed holding by 97.96 percentage points.', ['97.96']],
    ['a shown percentage nudged', 'Exposure was 71.3%.', ['71.3%']],
  ])('%s', (_name, text, expected) => {
    expect(bad(text)).toEqual(expected);
  });

  it('a whole number rounded from a ratio (Sharpe 0.61 as 1)', () => {
    expect(bad('Holding had a Sharpe of 1.', [SHARPE_061])).toEqual(['1']);
  });

  it('a Sharpe made of the 50 in the model id', () => {
    expect(bad('It had a Sharpe of 0.5.', [SHARPE_061])).toEqual(['0.5']);
  });

  it('a figure the user wrote, quoted back as a metric', () => {
    expect(bad('Yes, 30% a year is what it made.', [BACKTEST], 'will sma-cross-20-50 make 30% a year?')).toEqual(['30%']);
    expect(bad('It made 30 trades.', [BACKTEST], 'did it make 30 trades?')).toEqual(['30']);
  });

  it('numbers when no tool ran', () => {
    expect(bad('SPX returned 55.83% since 2010.', [], USER)).toEqual(['55.83%']);
  });

});

describe('an explanation that passes', () => {
  it.each([
    'The 20/50 crossover returned 55.83% since 2010, against 153.79% for buy-and-hold.',
    'It returned 55.8% (about 56%) against 153.8% for holding.',
    'It gained +55.83% from 2010-01-04 to 2020-04-17 over 2590 bars.',
    'Its Sharpe of 0.45 trails holding\'s 0.61; max drawdown 19.42% against 33.92%.',
    'It made 62 trades and was invested 71.2% of the time; buy-and-hold traded 1 time.',
    'The 20-day and 50-day moving averages of the S&P 500 (SPX): try sma-cross-20-50 against ema-cross-12-26.',
    'Holding did better, 153.79% against 55.83%, from 2010 to 2020.',
  ])('%s', (text) => {
    expect(bad(text)).toEqual([]);
  });

  it('parameters and windows echoed from the model ids or the user\'s question', () => {
    expect(bad('Over the last 3 years it made 62 trades.', [BACKTEST], 'backtest sma-cross-20-50 on SPX over the last 3 years')).toEqual([]);
    const rsi = 'Backtest of rsi-14-30-70 on SPX, 2010-01-04 to 2020-04-17:\ntotal return  117.04%  153.79%\ntrades  31  1';
    expect(bad('It buys when RSI(14) drops below 30 and sells above 70; 31 trades returned 117.04%.', [rsi], 'backtest rsi on SPX')).toEqual([]);
    // A parameter is no count: 70 trades is refused.
    expect(bad('The RSI model made 70 trades.', [rsi], 'backtest rsi on SPX')).toEqual(['70']);
  });

  it('a parameter group written with a hyphen, and a window in days or bars from the question', () => {
    expect(bad('The 20-50 crossover returned 55.83%.')).toEqual([]);
    expect(bad('Over the last 30 days it made 62 trades.', [BACKTEST], 'how did sma-cross-20-50 do on SPX over the last 30 days')).toEqual([]);
    expect(bad('Over the last 30 days it made 62 trades.')).toEqual(['30']);
  });

  it('a loss written with a loss word or a minus sign', () => {
    expect(bad('It lost 10.10% while holding made 153.79%.', [SHARPE_061])).toEqual([]);
    expect(bad('It returned -10.10%, or about -10%.', [SHARPE_061])).toEqual([]);
  });

});
