// How traders ask (issue 13): a table of phrasings beside offline-phrasings.ts, each with the intent and arguments the
// offline understander must produce; and a table of requests naming what the store or registry does not hold, each
// with the words its answer must carry (run through the real core: nothing is run in their place).
import type { ChatState } from '../../src/agent/chat-state.ts';
import type { Phrasing } from './offline-phrasings.ts';

/** After "aapl backtest momentum", refused (AAPL's 123 monthly bars are too few for momentum-252). */
const afterRefusedMomentum: ChatState = {
  symbol: 'SPX',
  lastIntent: { name: 'backtest', args: { model: 'momentum-252', symbol: 'AAPL' } },
};
/** After a leaderboard on SPX that ranked models, with a window from several requests earlier still in memory. */
const afterLeaderboard: ChatState = {
  symbol: 'SPX',
  model: 'rsi-14-30-70',
  from: '2005-01-01',
  to: '2008-12-31',
  ranking: { by: 'leaderboard', symbol: 'SPX', models: ['ema-cross-10-50', 'sma-cross-20-50'] },
  lastIntent: { name: 'leaderboard', args: { symbol: 'SPX' } },
};
/** After "/regime SPX", with a model and a window from an earlier backtest still in memory. */
const afterRegime: ChatState = {
  symbol: 'SPX',
  model: 'rsi-14-30-70',
  from: '2005-01-01',
  to: '2008-12-31',
  lastIntent: { name: 'regime', args: { symbol: 'SPX' } },
};
/** After "/backtest sma-cross-20-50 SPX 2010-01-01 2015-12-31". */
const afterWindowed: ChatState = {
  symbol: 'SPX',
  model: 'sma-cross-20-50',
  from: '2010-01-01',
  to: '2015-12-31',
  lastIntent: { name: 'backtest', args: { model: 'sma-cross-20-50', symbol: 'SPX', from: '2010-01-01', to: '2015-12-31' } },
};

export const TRADER_PHRASINGS: Phrasing[] = [
  // --- closed trades and their statistics
  { text: 'show me my trades', intent: 'trades', args: {} },
  { text: 'my trade history', intent: 'trades', args: {} },
  { text: 'list my recent trades', intent: 'trades', args: {} },
  { text: 'my last 5 trades', intent: 'trades', args: { count: 5 } },
  { text: 'trades', intent: 'trades', args: {} },
  { text: "what's my win rate?", intent: 'profit', args: {} },
  { text: 'profit statistics for the last 30 days', intent: 'profit', args: { days: 30 } },
  { text: 'pnl by symbol', intent: 'performance', args: {} },
  { text: 'which stocks made me the most money', intent: 'performance', args: {} },
  { text: 'daily pnl for the last 3 days', intent: 'daily', args: { count: 3 } },
  { text: 'weekly results', intent: 'weekly', args: {} },
  { text: 'p&l per month', intent: 'monthly', args: {} },
  // --- the switches
  { text: 'stop new entries', intent: 'stopentry', args: {} },
  { text: 'no new positions for now', intent: 'stopentry', args: {} },
  // --- a quote
  { text: 'quote SPX', intent: 'quote', args: { symbol: 'SPX' } },
  { text: "what's the price of SPX?", intent: 'quote', args: { symbol: 'SPX' } },
  // --- the autopilot's symbols
  { text: 'what does the autopilot trade?', intent: 'watch', args: {} },
  { text: 'add ORCL to the autopilot', intent: 'watch', args: { action: 'add', symbols: ['ORCL'] } },
  { text: 'remove SPX from the watchlist', intent: 'watch', args: { action: 'remove', symbols: ['SPX'] } },
  // --- the order history
  { text: 'show my fills', intent: 'orders', args: {} },
  { text: 'what did i buy?', intent: 'orders', args: {} },
  { text: 'what have we sold', intent: 'orders', args: {} },
  { text: 'any fills today?', intent: 'orders', args: {} },
  { text: 'show my executions', intent: 'orders', args: {} },
  { text: 'my last fills', intent: 'orders', args: {} },
  // --- how am I doing
  { text: 'what did i make this week', intent: 'pnl', args: { period: 'week' } },
  { text: 'how much did i make today?', intent: 'pnl', args: { period: 'day' } },
  { text: 'how am i doing this month', intent: 'pnl', args: { period: 'month' } },
  { text: 'am i making money', intent: 'pnl', args: {} },
  { text: 'what did we lose this week', intent: 'pnl', args: { period: 'week' } },
  { text: 'my returns this month', intent: 'pnl', args: { period: 'month' } },
  { text: 'how much have i earned overall', intent: 'pnl', args: { period: 'all' } },
  { text: 'am i in the green?', intent: 'pnl', args: {} },
  { text: 'how am i doing today', intent: 'pnl', args: { period: 'day' } },
  { text: 'what did i gain this month', intent: 'pnl', args: { period: 'month' } },
  // --- exposure
  { text: 'what is my exposure', intent: 'balance', args: {} },
  { text: 'how exposed am i?', intent: 'balance', args: {} },
  { text: 'gross exposure', intent: 'balance', args: {} },
  { text: 'how much of my money is in the market', intent: 'balance', args: {} },
  { text: "what's our total exposure", intent: 'balance', args: {} },
  { text: 'how much cash do i have', intent: 'balance', args: {} },
  // --- overbought / oversold: the RSI reading now
  { text: 'is spx overbought', intent: 'overbought', args: { symbol: 'SPX' } },
  { text: 'is the market oversold?', intent: 'overbought', args: { symbol: 'SPX' } },
  { text: 'is apple overbought?', intent: 'overbought', args: { symbol: 'AAPL' } },
  { text: "what's the rsi of spx", intent: 'overbought', args: { symbol: 'SPX' } },
  { text: 'is msft overextended', intent: 'overbought', args: { symbol: 'MSFT' } },
  { text: 'current rsi for ibm', intent: 'overbought', args: { symbol: 'IBM' } },
  { text: 'is it overbought?', memory: afterWindowed, intent: 'overbought', args: { symbol: 'SPX' } },
  { text: 'is the s&p oversold right now', intent: 'overbought', args: { symbol: 'SPX' } },
  { text: 'is bitcoin overbought', intent: 'overbought', args: { symbol: 'BTC' } },
  // --- real money
  { text: 'can you trade with real money', intent: 'live', args: {} },
  { text: 'go live', intent: 'live', args: {} },
  { text: 'is this paper or real?', intent: 'live', args: {} },
  { text: 'can i connect my broker', intent: 'live', args: {} },
  { text: 'switch to live trading', intent: 'live', args: {} },
  { text: 'do you trade real money?', intent: 'live', args: {} },
  { text: 'trade for real', intent: 'live', args: {} },
  { text: 'can we go live next week', intent: 'live', args: {} },
  // --- greetings and thanks
  { text: 'hi', intent: 'hello', args: {} },
  { text: 'Hello!', intent: 'hello', args: {} },
  { text: 'hey there', intent: 'hello', args: {} },
  { text: 'good morning', intent: 'hello', args: {} },
  { text: 'yo', intent: 'hello', args: {} },
  { text: 'thanks', intent: 'thanks', args: {} },
  { text: 'thank you!', intent: 'thanks', args: {} },
  { text: 'thx', intent: 'thanks', args: {} },
  { text: 'cheers', intent: 'thanks', args: {} },
  { text: 'great, thanks', intent: 'thanks', args: {} },
  { text: 'thanks a lot', intent: 'thanks', args: {} },
  // --- misspelt words of any intent
  { text: 'recomend something for aapl', intent: 'recommend', args: { symbol: 'AAPL' } },
  { text: 'show my positons', intent: 'positions', args: {} },
  { text: 'volatilty forecast for spx', intent: 'volatility', args: { symbol: 'SPX' } },
  { text: 'leaderbord for spx', intent: 'leaderboard', args: { symbol: 'SPX' } },
  { text: 'what is my balanse', intent: 'balance', args: {} },
  { text: 'subscrbe to alerts', intent: 'subscribe', args: { topic: 'alerts' } },
  { text: 'show the regme of spx', intent: 'regime', args: { symbol: 'SPX' } },
  { text: 'predcit spx', intent: 'predict', args: { symbol: 'SPX' } },
  { text: 'is spx overbougth', intent: 'overbought', args: { symbol: 'SPX' } },
  { text: 'autopliot status', intent: 'autopilot', args: { state: 'status' } },
  // --- changing the limits
  { text: 'set max position to 10%', intent: 'limits', args: { symbolWeight: 0.1 } },
  { text: 'limit each position to 20%', intent: 'limits', args: { symbolWeight: 0.2 } },
  { text: 'set the daily loss limit to 2%', intent: 'limits', args: { dailyLoss: 0.02 } },
  { text: 'change max exposure to 80%', intent: 'limits', args: { grossExposure: 0.8 } },
  { text: 'set max positions to 5', intent: 'limits', args: { positions: 5 } },
  { text: 'cap position size at 15%', intent: 'limits', args: { symbolWeight: 0.15 } },
  { text: 'raise the max weight per symbol to 30%', intent: 'limits', args: { symbolWeight: 0.3 } },
  // --- a model's card, not a forecast
  { text: 'explain the garch model', intent: 'model', args: { model: 'garch-1-1' } },
  { text: 'how does the golden cross work', intent: 'model', args: { model: 'sma-cross-50-200' } },
  { text: 'describe bollinger bands', intent: 'model', args: { model: 'bollinger-reversion-20-2' } },
  { text: 'what is the macd strategy', intent: 'model', args: { model: 'macd-12-26-9' } },
  { text: 'explain the garch', intent: 'model', args: { model: 'garch-1-1' } },
  { text: 'what does the donchian model do', intent: 'model', args: { model: 'donchian-breakout-20' } },
  // --- family words with one fitting model
  { text: 'explain the lstm with 10 lags', intent: 'model', args: { model: 'nn-lstm-4-lags10' } },
  // --- the autopilot carries the symbols it was asked for
  { text: 'turn on the autopilot for ORCL', intent: 'autopilot', args: { state: 'on', symbols: ['ORCL'] } },
  { text: 'autopilot on aapl and msft', intent: 'autopilot', args: { state: 'on', symbols: ['AAPL', 'MSFT'] } },
  { text: '/autopilot on ORCL', intent: 'autopilot', args: { state: 'on', symbols: ['ORCL'] } },
  { text: 'start the autopilot on bitcoin', intent: 'autopilot', args: { state: 'on', symbols: ['BTC'] } },
  // --- names the store does not hold, asked for by name (the handler then says there is no data)
  { text: 'backtest rsi on bitcoin', intent: 'backtest', args: { model: 'rsi-14-30-70', symbol: 'BTC' } },
  { text: 'backtest rsi on btc', intent: 'backtest', args: { model: 'rsi-14-30-70', symbol: 'BTC' } },
  { text: 'backtest sma on ethereum since 2018', intent: 'backtest', args: { model: 'sma-cross-20-50', symbol: 'ETH', from: '2018-01-01' } },
  { text: 'volatility forecast for doge', intent: 'volatility', args: { symbol: 'DOGE' } },
  { text: 'backtest momentum on gold', intent: 'backtest', args: { model: 'momentum-252', symbol: 'GOLD' } },
  { text: 'what is the regime of oil', intent: 'regime', args: { symbol: 'OIL' } },
  { text: 'risk of EURUSD', intent: 'risk', args: { symbol: 'EURUSD' } },
  { text: 'should i buy tesla', intent: 'recommend', args: { symbol: 'TSLA' } },
  { text: 'backtest the golden cross on gold', intent: 'backtest', args: { model: 'sma-cross-50-200', symbol: 'GOLD' } },
  { text: 'is eth risky', intent: 'risk', args: { symbol: 'ETH' } },
  // --- /backtest SPX: the model is what is missing
  { text: '/backtest SPX', intent: 'backtest', args: { symbol: 'SPX' } },
  { text: '/backtest spx 2010-01-01', intent: 'backtest', args: { symbol: 'SPX', from: '2010-01-01' } },
  // --- follow-ups inherit only what they do not name, from the last request only
  { text: 'what about msft', memory: afterRefusedMomentum, intent: 'backtest', args: { model: 'momentum-252', symbol: 'MSFT' } },
  { text: 'and on ibm?', memory: afterRefusedMomentum, intent: 'backtest', args: { model: 'momentum-252', symbol: 'IBM' } },
  { text: 'backtest the best one', memory: afterLeaderboard, intent: 'backtest', args: { model: 'ema-cross-10-50', symbol: 'SPX' } },
  { text: 'backtest the best one since 2015', memory: afterLeaderboard, intent: 'backtest', args: { model: 'ema-cross-10-50', symbol: 'SPX', from: '2015-01-01' } },
  { text: 'backtest the top model on spx', memory: afterLeaderboard, intent: 'backtest', args: { model: 'ema-cross-10-50', symbol: 'SPX' } },
  { text: 'backtest on aapl', memory: afterRegime, intent: 'backtest', args: { symbol: 'AAPL' } },
  { text: 'what about rsi', memory: afterWindowed, intent: 'backtest', args: { model: 'rsi-14-30-70', symbol: 'SPX', from: '2010-01-01', to: '2015-12-31' } },
  { text: 'now on amzn', memory: afterWindowed, intent: 'backtest', args: { model: 'sma-cross-20-50', symbol: 'AMZN' } },
  { text: 'same for 2016 to 2019', memory: afterWindowed, intent: 'backtest', args: { model: 'sma-cross-20-50', symbol: 'SPX', from: '2016-01-01', to: '2019-12-31' } },
  { text: 'show me the chart', memory: afterWindowed, intent: 'backtest', args: { model: 'sma-cross-20-50', symbol: 'SPX', from: '2010-01-01', to: '2015-12-31' } },
  { text: 'what is its sharpe', memory: afterRegime, intent: 'backtest', args: { model: 'rsi-14-30-70', symbol: 'SPX' } },
  // --- more trader kin
  { text: 'what positions do i have', intent: 'positions', args: {} },
  { text: 'flatten everything', intent: 'close', args: { symbol: 'all' } },
  { text: 'how volatile is spx right now', intent: 'volatility', args: { symbol: 'SPX' } },
  { text: 'is the market risky right now', intent: 'risk', args: { symbol: 'SPX' } },
  { text: 'will spx go up tomorrow', intent: 'predict', args: { symbol: 'SPX' } },
  { text: 'what should i trade on spx', intent: 'recommend', args: { symbol: 'SPX' } },
  { text: 'which model works best on spx', intent: 'leaderboard', args: { symbol: 'SPX' } },
  { text: 'buy 10 spx', intent: 'buy', args: { symbol: 'SPX', qty: 10 } },
  { text: 'sell 5 aapl at 200', intent: 'sell', args: { symbol: 'AAPL', qty: 5, limit: 200 } },
  { text: 'buy 5 spx with a take profit at 3000 and a stop loss at 2700', intent: 'buy', args: { symbol: 'SPX', qty: 5, tp: 3000, sl: 2700 } },
  { text: 'buy 5 spx at 2800 with stop loss 2600', intent: 'buy', args: { symbol: 'SPX', qty: 5, limit: 2800, sl: 2600 } },
  { text: 'sell 2 shares of spx with a trailing stop of 5%', intent: 'sell', args: { symbol: 'SPX', qty: 2, trailPct: 5 } },
  { text: 'sell 3 spx stop at 2,500', intent: 'sell', args: { symbol: 'SPX', qty: 3, stop: 2500 } },
  { text: 'pause trading', intent: 'halt', args: {} },
  { text: 'what are my limits', intent: 'limits', args: {} },
  { text: 'what is the trend on spx', intent: 'predict', args: { symbol: 'SPX', model: 'trend-regime-200' } },
];

export interface NotAvailable {
  text: string;
  /** What the answer must say: the name asked for and what there is instead. */
  says: RegExp;
}

/** Requests naming what is not held: each answered with that name and the closest real choices, nothing run. */
export const NOT_AVAILABLE: NotAvailable[] = [
  { text: 'backtest rsi on bitcoin', says: /^There is no data for bitcoin \(BTC\), so nothing was run\. The store holds: AAPL, AMZN, GOOG, IBM, MSFT, SPX\./ },
  { text: 'backtest sma on ethereum', says: /no data for ethereum \(ETH\).*The store holds: AAPL/ },
  { text: 'volatility forecast for doge', says: /no data for dogecoin \(DOGE\)/ },
  { text: 'is btc overbought', says: /no data for bitcoin \(BTC\)/ },
  { text: 'backtest momentum on gold', says: /no data for gold \(GOLD\)/ },
  { text: 'what is the regime of oil', says: /no data for oil \(OIL\)/ },
  { text: 'risk of EURUSD', says: /no data for EUR\/USD \(EURUSD\)/ },
  { text: 'recommend something for tesla', says: /no data for Tesla \(TSLA\)/ },
  { text: 'compare sma and rsi on solana', says: /no data for solana \(SOL\)/ },
  { text: 'backtest rsi on the nasdaq', says: /no data for the Nasdaq \(NDX\)/ },
  { text: 'predict the dow', says: /no data for the Dow Jones \(DJI\)/ },
  { text: 'backtest sma on spy', says: /no data for SPY, so nothing was run\. Did you mean SPX\?/ },
  { text: 'leaderboard for nvidia', says: /no data for Nvidia \(NVDA\)/ },
  { text: 'regime of ORCL', says: /no data for Oracle \(ORCL\)/ },
  { text: '/backtest rsi-14-30-70 BTC', says: /no data for bitcoin \(BTC\)/ },
  { text: 'backtest lstm on spx since 2015', says: /^"lstm" names 2 models \(nn-lstm-4-lags5, nn-lstm-4-lags10\); they forecast .* cannot be backtested/ },
  { text: 'backtest gru on spx', says: /^"gru" names 2 models \(nn-gru-4-lags5, nn-gru-4-lags10\)/ },
  { text: 'backtest xgboost on spx', says: /^There is no gradient boosting model in the registry/ },
  { text: 'backtest a transformer on spx', says: /^There is no transformer model in the registry/ },
  { text: 'backtest the random forest on spx', says: /^Which random forest model\? The registry has 2: rf-clf-tech-12, rf-clf-mix-12/ },
  { text: 'backtest bolinger on spx', says: /^There is no model "bolinger"\. Did you mean bollinger-reversion-/ },
  { text: '/backtest sma-cros-20-50 SPX', says: /^There is no model "sma-cros-20-50"\. Did you mean sma-cross-20-50/ },
  { text: 'backtest sma on spx with 5 minute bars', says: /^There are no 5-minute bars of SPX for this, so nothing was run: the store holds SPX as daily \(1d\) bars/ },
  { text: 'backtest rsi on spx hourly', says: /^There are no hourly bars of SPX for this, so nothing was run/ },
  { text: 'volatility of spx on 15m bars', says: /^There are no 15-minute bars of SPX/ },
  { text: 'backtest macd on spx intraday', says: /^There are no intraday bars of SPX/ },
  { text: 'backtest sma on aapl with daily bars', says: /^There are no daily bars of AAPL for this, so nothing was run: the store holds AAPL as monthly \(1mo\) bars/ },
  { text: 'backtest rsi on aapl weekly bars', says: /^There are no weekly bars of AAPL/ },
  { text: 'can you trade with real money', says: /^No: I trade on paper only/ },
  { text: 'go live', says: /^No: I trade on paper only.*\n.*\n.*MLTRAINER_LIVE_TRADING=yes/ },
  { text: 'backtest the best one', says: /^Best by which ranking\? This chat has not ranked models yet/ },
  { text: '/backtest SPX', says: /^Which model should I backtest on SPX\?/ },
];
