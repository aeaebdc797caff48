// Which intent a plain-English sentence asks for, by ordered keyword rules (the first rule that matches wins; the
// order settles overlaps such as "buy and hold" the model against "buy 10 SPX" the order).
import { CATEGORY_LISTING } from './category-words.ts';

interface Rule {
  name: string;
  test: (s: string, ctx: ClassifyContext) => boolean;
}

export interface ClassifyContext {
  /** The sentence names a model, or refers to the chat's last one ("it", "its"). */
  hasModel: boolean;
  /** The sentence names a symbol (or the market as a whole). */
  hasSymbol: boolean;
}

/** "the chart", "plot", "equity curve": the backtest's reply carries the chart. */
const CHART = /\bcharts?\b|\bplot\b|\bgraph\b|\bequity curve\b/;

/** "the trend", "trending", "uptrend": which way the market is going. */
export const TREND = /\bthe trend\b(?! (?:models?|following|strateg))|\btrending\b|\b(?:up|down)[- ]?trend\b/;

/** A question about a measured figure ("what's the sharpe ratio of ...", "its drawdown"): a backtest answers it. */
const METRIC = /\bsharpe\b|\bcagr\b|\b(?:total |annual(?:ised|ized)? )?returns?\b|\bdrawdowns?\b|\bwin rate\b|\bhow many trades\b/;

const has = (re: RegExp) => (s: string) => re.test(s);

/** "explain", "describe", "how does X work": a question about what a model is. */
const EXPLAIN = /\b(?:explain|describe|tell me about|how does .* work|how do .* work|what does .* do|details (?:of|on|about)|info (?:on|about))\b/;

/** "is SPX overbought", "oversold?", "what's the RSI of SPX": the RSI reading now. */
export const OVERBOUGHT = /\bover-? ?bought\b|\bover-? ?sold\b|\bover-? ?extended\b|\bstretched\b|\bwhat(?:'s| is) (?:the )?(?:current )?rsi\b|\brsi (?:reading|level|value|now|today)\b|\bcurrent rsi\b/;

/** Words that make a question a forecast (volatility, risk, outlook, regime) rather than a measured backtest figure. */
const FORECAST_WORDS = /\bexpect|\bforecast|\bpredict|\bvolatil|\brisk|\bvar\b|\boutlook|\bregime/;

/** "set max position to 10%", "limit each position to 20%", "change the daily loss limit to 2%": a change of the limits. */
export const LIMIT_CHANGE =
  /\b(?:set|change|raise|lower|increase|decrease|reduce|make|put|cap|limit)\b.*\b(?:max(?:imum)?|limit|cap|at most|no more than|daily loss|position size|exposure)\b.*\d|\b(?:max(?:imum)?|cap) (?:position|weight|exposure|positions)\b.*\bto\s+\d|\blimit (?:each|every|any|one) (?:position|symbol|stock)\b.*\d/;

/** A short greeting alone ("hi", "hello there", "good morning"). */
const GREETING = /^(?:hi|hii+|hello|hey|heya|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)|hi there|hello there|hey there|hallo|hola|sup|what's up|whats up|start)(?: (?:there|mltrainer|bot|again|all|everyone))?$/;

/** Thanks and its kin, alone. */
const THANKS = /^(?:thanks?|thank you|thx|ty|tysm|cheers|thanks a lot|thank you very much|many thanks|much appreciated|appreciate it|great,? thanks|ok(?:ay)?,? thanks|nice,? thanks|perfect,? thanks|awesome,? thanks|cool,? thanks|great|nice|perfect|awesome|cool|got it|good job|well done)(?: (?:a lot|so much|very much|mate|buddy))?$/;

/** Questions about trading real money (the bot trades on paper; the answer says what it does and does not do). */
const LIVE = /\breal money\b|\breal (?:cash|funds|account|broker|trades?|trading)\b|\bgo(?:ing)? live\b|\blive (?:trading|account|money|broker|orders?)\b|\btrade (?:live|for real)\b|\bfor real money\b|\bwith my (?:own )?money\b|\bconnect (?:to )?(?:my )?(?:real |live )?(?:broker|brokerage|account)\b|\bis this (?:paper|real)\b|\bpaper or real\b|\bactual money\b/;

/** "the leaderboard", "which model works best", "top models", "highest sharpe". */
const LEADERBOARD = /\bleaderboard\b|\bbest (?:models?|strateg(?:y|ies))\b|\bwhich (?:models?|strateg(?:y|ies)) (?:works?|worked|did|does|performs?|performed|is) (?:best|well)\b|\btop (?:\d+ )?models?\b|\brank(?:ing|ed)?\b|\bworks? best\b|\b(?:best|highest|top|lowest|smallest) (?:sharpe|returns?|cagr|drawdown)\b|\bwhich (?:models?|strateg(?:y|ies)) (?:has|had|have|gives?|gave)\b/;

const RULES: Rule[] = [
  { name: 'hello', test: has(GREETING) },
  { name: 'thanks', test: has(THANKS) },
  { name: 'live', test: has(LIVE) },
  { name: 'help', test: has(/^(?:help|\?|commands|menu)$|\bwhat can you do\b|\bhow do i use\b|\bwhat (?:commands|can i ask)\b|\bshow (?:me )?(?:the )?(?:help|commands)\b/) },
  { name: 'unsubscribe', test: has(/\bunsubscribe\b|\bstop (?:sending|the) (?:me )?(?:the )?(?:alerts?|daily|reports?|notifications?)\b|\bno more (?:alerts|reports)\b|\bmute\b/) },
  { name: 'subscribe', test: has(/\bsubscribe\b|\bsend (?:me|us) (?:the )?(?:alerts?|notifications?)\b|\bsend (?:me|us) .*\bevery (?:day|evening|night)\b|\bnotify me\b|\balert me\b|\bkeep me (?:posted|updated)\b/) },
  { name: 'watch', test: has(/\bwatch ?list\b|\b(?:add|remove|drop) [a-z.]{1,6} (?:to|from) (?:the )?(?:auto[- ]?pilot|watch ?list)\b|\bwhat (?:symbols )?does the auto[- ]?pilot trade\b|\bwhich symbols does the auto[- ]?pilot\b/) },
  { name: 'autopilot', test: has(/\bauto[- ]?pilot\b/) },
  { name: 'why', test: has(/\bwhy\b.*\b(?:hold|holding|own|long|short|bought|sold|in|position|buy|sell)\b/) },
  { name: 'report', test: has(/\b(?:daily |weekly )?report\b|\bweekly summary\b|\bsummary of the week\b|\bhow was (?:the|this|my) week\b/) },
  { name: 'stopentry', test: has(/\bstop (?:new |all new )?entr(?:y|ies)\b|\bno (?:more )?new (?:entries|positions|trades)\b|\bstop opening (?:new )?positions\b|^stopentry$/) },
  { name: 'halt', test: has(/\bhalt\b|\bstop (?:all )?trading\b|\bkill[- ]switch\b|\bpause trading\b|\bfreeze trading\b/) },
  { name: 'resume', test: has(/\bresume\b|\bunhalt\b|\brestart trading\b|\bunpause\b|\bstart trading again\b/) },
  { name: 'limits', test: has(LIMIT_CHANGE) },
  // Before orders, positions and risk: "my risk limits", "the position limits" ask for the trader's limits.
  { name: 'limits', test: has(/\b(?:risk|position|trading|exposure) limits?\b|\b(?:my|our|the) limits\b|\blimits\b.*\b(?:trad|order|position|risk)|^limits\??$/) },
  { name: 'cancel', test: has(/\bcancel\b.*(?:\border\b|#?\d+)|\bcancel #?\d+/) },
  { name: 'quote', test: has(/\bquote\b|\b(?:current |latest |last )?price of\b|\bwhat(?:'s| is) (?:the )?(?:current |latest )?price\b|\bwhere is [a-z.]{1,6} trading\b|\b[a-z.]{1,6} trading at\b/) },
  { name: 'pull', test: has(/\bpull\b|\bfetch (?:new |fresh |the latest )?(?:data|bars|prices)\b|\bdownload\b|\bupdate (?:the )?data\b|\brefresh (?:the )?data\b/) },
  { name: 'close', test: has(/\bclose (?:out )?(?:my |the |all |every )?(?:positions?|all|everything)\b|\bclose (?:out )?(?:my |the )?[a-z.]{1,6}(?: position)?$|\bflatten\b|\bexit (?:my |the )?(?:position|[a-z.]{1,6}$)|\bliquidate\b|\bsell (?:off )?(?:it all|everything|all)(?: (?:of )?(?:my |our |the )?(?:positions?|holdings?|shares|stocks))?$/) },
  // The closed round-trip trades and their statistics, before the order history and P&L rules that also say "trades".
  { name: 'trades', test: has(/\bmy (?:recent |last |latest |past |closed )?(?:[-+]?\d\S* )?trades\b|\b(?:closed|completed|round[- ]trip) trades\b|\b(?:last|recent) [-+]?\d\S* trades\b|\btrade history\b|\btrading history\b|^trades\??$/) },
  { name: 'profit', test: has(/\bprofit (?:stats|statistics|factor|summary)\b|\bwin ?rate\b|\bexpectancy\b|\bhow many (?:trades )?(?:did|have) (?:i|we) (?:win|won|lose|lost)\b/) },
  { name: 'performance', test: has(/\b(?:performance|p ?& ?l|pnl|profits?) (?:by|per|for each) (?:symbol|ticker|stock)\b|\b(?:which|what) (?:symbols?|tickers?|stocks?) (?:made|make|earned|lost) (?:me |us )?(?:the most )?money\b/) },
  { name: 'daily', test: has(/\b(?:daily|day[- ]by[- ]day) (?:p ?& ?l|pnl|profits?|results?|returns?)\b|\b(?:p ?& ?l|pnl|profits?|results?) (?:by|per|for each) day\b/) },
  { name: 'weekly', test: has(/\b(?:weekly|week[- ]by[- ]week) (?:p ?& ?l|pnl|profits?|results?|returns?)\b|\b(?:p ?& ?l|pnl|profits?|results?) (?:by|per|for each) week\b/) },
  { name: 'monthly', test: has(/\b(?:monthly|month[- ]by[- ]month) (?:p ?& ?l|pnl|profits?|results?|returns?)\b|\b(?:p ?& ?l|pnl|profits?|results?) (?:by|per|for each) month\b/) },
  // Before buy and sell: "what did I buy", "show my fills" ask for the order history, not for an order.
  { name: 'orders', test: has(/\bmy (?:recent |last |latest |past )?(?:trades|fills|executions|transactions|trading history|trade history)\b|\b(?:trade|trading|order|fill) history\b|\bwhat (?:did|have) (?:i|we) (?:bought|buy|sold|sell|trade|traded)\b|\bshow (?:me )?(?:the |my )?(?:trades|fills)\b|\b(?:list|any) (?:of )?(?:my )?(?:trades|fills)\b|^(?:trades|fills)$/) },
  // Before buy and sell: "should I buy SPX?" and "is now a good time to buy SPX" ask for advice, not for an order.
  {
    name: 'recommend',
    test: has(/\bshould (?:i|we) (?:buy|sell|short|invest in|get into|get out of|hold|own)\b|\b(?:good|right|bad|best) time to (?:buy|sell|invest|get in|get out)\b|\bis (?:it|now) (?:a )?(?:good|smart|wise) (?:time|idea|moment) to\b|\bworth buying\b/),
  },
  {
    name: 'buy',
    test: (s) => /\b(?:buy|purchase|go long)\b(?![- ]?(?:and|&)[- ]?hold)/.test(s) && !/\b(?:backtest|compare|test|simulate|performance|perform)\b/.test(s) && !/\bshould i buy\b/.test(s),
  },
  { name: 'sell', test: (s) => /\b(?:sell|short)\b/.test(s) && !/\b(?:backtest|compare|test|simulate)\b/.test(s) },
  { name: 'orders', test: has(/\borders?\b/) },
  // "what is my exposure", "how exposed am I": the balance carries the gross exposure and the open positions' count.
  { name: 'balance', test: has(/\b(?:my|our|the|gross|net|total) exposure\b|\bhow (?:exposed|invested|much (?:am i|are we) (?:exposed|invested))\b|\bhow much (?:of my money )?is (?:in the market|invested)\b|^exposure$/) },
  { name: 'positions', test: has(/\bpositions?\b|\bholdings?\b|\bwhat do (?:i|we) (?:hold|own)\b|\bmy portfolio\b|\bportfolio\b/) },
  { name: 'pnl', test: has(/\bp ?& ?l\b|\bpnl\b|\bwhat (?:did|have) (?:i|we) (?:make|made|earn|earned|lose|lost|gain|gained)\b|\bhow much (?:money )?(?:did|have) (?:i|we) (?:earn|earned|gain|gained)\b|\bhow (?:am i|are we|did i do|did we do|have i done) (?:doing )?(?:today|this week|this month|so far)\b|\bmy (?:gains|losses|returns?|performance)\b|\bam i (?:making|losing) money\b|\bin the (?:green|red)\b|\bprofits?\b|\bhow much (?:did|have) (?:i|we) (?:made|make|lost|lose)\b|\bgains? and loss(?:es)?\b|\bam i (?:up|down)\b|\bhow (?:am i|are we|is my (?:portfolio|account|book)) doing\b|\bhow(?:'s| is) my (?:portfolio|account|book)\b/) },
  { name: 'balance', test: has(/\bbalance\b|\bcash\b|\bbuying power\b|\baccount (?:value|equity)\b|\bhow much money\b/) },
  { name: 'status', test: has(/^status$|\bstatus\b|\bare you (?:alive|up|running|ok)\b|\bhealth\b|\bversion\b/) },
  { name: 'data', test: has(/\bwhat data\b|\bwhich (?:symbols|tickers|data|stocks)\b|\bdata do you have\b|\b(?:show|list) (?:the |me )?(?:data|symbols|tickers)\b|^data$|\bwhat (?:symbols|tickers|stocks)\b|\bdata status\b/) },
  { name: 'leaderboard', test: (s) => !/\bback[- ]?test/.test(s) && LEADERBOARD.test(s) },
  { name: 'recommend', test: has(/\brecommend|\bsuggest|\bwhat should i (?:use|trade|run|do)\b|\bwhich (?:model|strategy) should\b|\badvice\b/) },
  { name: 'compare', test: has(/\bcompare\b|\bcomparison\b|\bvs\.?\b|\bversus\b|\bside by side\b|\bwhich is better\b|\bwhich (?:one|of (?:them|the two|these|those))\b.*\b(?:better|best|won|wins|worse)\b|\bagainst each other\b/) },
  { name: 'evaluate', test: has(/\bevaluat|\bwalk[- ]forward\b|\bscore (?:the )?models?\b/) },
  { name: 'accuracy', test: has(/\baccura(?:te|cy)\b|\bhit rate\b|\bhow (?:good|reliable) (?:is|are|was|were)\b.*\b(?:forecasts?|predictions?|signals?)\b/) },
  { name: 'backtest', test: has(/\bback[- ]?test|\btest (?:a |an |the )?|\bsimulate\b|\bsimulation\b|\bhow (?:did|would|does|has) .* (?:do|done|perform|performed|fare|fared)\b|\brun (?:a |an |the )?\b.*\bon\b|\bperformance of\b/) },
  // After backtest, before the forecasts and the model card: a measured figure of a model or a symbol ("the sharpe
  // ratio of the golden cross on SPX", "what is its sharpe?", "the return of SPX in 2008") and a chart are what a
  // backtest shows; "what's the golden cross" alone stays the card.
  // A question about volatility, risk, the outlook or the regime is a forecast, not a backtest, whatever figure it names.
  { name: 'backtest', test: (s, c) => (c.hasModel || c.hasSymbol) && METRIC.test(s) && !FORECAST_WORDS.test(s) },
  { name: 'backtest', test: (s) => CHART.test(s) && !FORECAST_WORDS.test(s) },
  // "explain the garch model", "how does the golden cross work", "what is the rsi strategy": the model card, before the
  // forecasts whose words ("garch") the model names carry.
  { name: 'model', test: (s, c) => c.hasModel && !c.hasSymbol && !CATEGORY_LISTING.test(s) && (EXPLAIN.test(s) || /\bwhat(?:'s| is| are) (?:the |a |an )?.*\b(?:model|strategy|indicator)\b/.test(s)) },
  // Before volatility, risk and regime, whose words are also category names: "show volatility models" lists them.
  { name: 'models', test: (s, c) => !c.hasSymbol && CATEGORY_LISTING.test(s) },
  { name: 'volatility', test: has(/\bvolatil|\bvol forecast\b|\bhow volatile\b|\bgarch\b/) },
  { name: 'risk', test: has(/\brisk\b|\brisk(?:y|ier|iest|iness)\b|\bvalue at risk\b|\bvar\b|\bhow much could (?:i|we) lose\b|\bworst (?:day|loss)\b|\bdownside\b/) },
  { name: 'overbought', test: has(OVERBOUGHT) },
  // Before regime: "what's the trend on SPX" is answered by the trend model's current reading (predict with
  // trend-regime-200: bull or bear against the 200-day average); /regime shows the volatility regimes first (calm or
  // turbulent), which do not say which way the market is going.
  { name: 'predict', test: has(TREND) },
  { name: 'regime', test: has(/\bregime\b|\bmarket state\b|\bbull or bear\b|\bcalm or turbulent\b|\bwhat kind of market\b|\bhow (?:is|are) (?:the )?markets? (?:doing|looking)\b/) },
  { name: 'predict', test: has(/\bpredict|\bforecast\b|\bsignals?\b|\boutlook\b|\bwhere (?:is|will) .* go|\bwill .* go (?:up|down)\b|\bgoing (?:up|down)\b|\bexpected return\b/) },
  { name: 'model', test: (s, c) => c.hasModel && /\b(?:what is|what's|what are|tell me about|describe|explain|details (?:of|on|about)|info (?:on|about)|card)\b/.test(s) },
  { name: 'models', test: has(/\bmodels?\b|\bstrateg(?:y|ies)\b|\bwhat can i (?:backtest|test)\b/) },
];

export function classifyIntent(lower: string, ctx: ClassifyContext): string | null {
  for (const r of RULES) if (r.test(lower, ctx)) return r.name;
  return null;
}
