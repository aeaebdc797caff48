// Which intent a plain-English sentence asks for, by ordered keyword rules (the first rule that matches wins; the
// order settles overlaps such as "buy and hold" the model against "buy 10 SPX" the order).

interface Rule {
  name: string;
  test: (s: string, ctx: { hasModel: boolean }) => boolean;
}

const has = (re: RegExp) => (s: string) => re.test(s);

const RULES: Rule[] = [
  { name: 'help', test: has(/^(?:help|\?|commands|menu)$|\bwhat can you do\b|\bhow do i use\b|\bwhat (?:commands|can i ask)\b|\bshow (?:me )?(?:the )?(?:help|commands)\b/) },
  { name: 'unsubscribe', test: has(/\bunsubscribe\b|\bstop (?:sending|the) (?:me )?(?:the )?(?:alerts?|daily|reports?|notifications?)\b|\bno more (?:alerts|reports)\b|\bmute\b/) },
  { name: 'subscribe', test: has(/\bsubscribe\b|\bsend (?:me|us) (?:the )?(?:alerts?|notifications?)\b|\bsend (?:me|us) .*\bevery (?:day|evening|night)\b|\bnotify me\b|\balert me\b|\bkeep me (?:posted|updated)\b/) },
  { name: 'autopilot', test: has(/\bauto[- ]?pilot\b/) },
  { name: 'why', test: has(/\bwhy\b.*\b(?:hold|holding|own|long|short|bought|sold|in|position|buy|sell)\b/) },
  { name: 'report', test: has(/\b(?:daily |weekly )?report\b|\bweekly summary\b|\bsummary of the week\b|\bhow was (?:the|this|my) week\b/) },
  { name: 'halt', test: has(/\bhalt\b|\bstop (?:all )?trading\b|\bkill[- ]switch\b|\bpause trading\b|\bfreeze trading\b/) },
  { name: 'resume', test: has(/\bresume\b|\bunhalt\b|\brestart trading\b|\bunpause\b|\bstart trading again\b/) },
  { name: 'cancel', test: has(/\bcancel\b.*(?:\border\b|#?\d+)|\bcancel #?\d+/) },
  { name: 'pull', test: has(/\bpull\b|\bfetch (?:new |fresh |the latest )?(?:data|bars|prices)\b|\bdownload\b|\bupdate (?:the )?data\b|\brefresh (?:the )?data\b/) },
  { name: 'close', test: has(/\bclose (?:out )?(?:my |the |all |every )?(?:positions?|all|everything)\b|\bclose (?:out )?(?:my |the )?[a-z.]{1,6}(?: position)?$|\bflatten\b|\bexit (?:my |the )?(?:position|[a-z.]{1,6}$)|\bliquidate\b/) },
  {
    name: 'buy',
    test: (s) => /\b(?:buy|purchase|go long)\b(?![- ]?(?:and|&)[- ]?hold)/.test(s) && !/\b(?:backtest|compare|test|simulate|performance|perform)\b/.test(s) && !/\bshould i buy\b/.test(s),
  },
  { name: 'sell', test: (s) => /\b(?:sell|short)\b/.test(s) && !/\b(?:backtest|compare|test|simulate)\b/.test(s) },
  { name: 'orders', test: has(/\borders?\b/) },
  { name: 'positions', test: has(/\bpositions?\b|\bholdings?\b|\bwhat do (?:i|we) (?:hold|own)\b|\bmy portfolio\b|\bportfolio\b/) },
  { name: 'pnl', test: has(/\bp ?& ?l\b|\bpnl\b|\bprofits?\b|\bhow much (?:did|have) (?:i|we) (?:made|make|lost|lose)\b|\bgains? and loss(?:es)?\b|\bam i (?:up|down)\b/) },
  { name: 'balance', test: has(/\bbalance\b|\bcash\b|\bbuying power\b|\baccount (?:value|equity)\b|\bhow much money\b/) },
  { name: 'status', test: has(/^status$|\bstatus\b|\bare you (?:alive|up|running|ok)\b|\bhealth\b|\bversion\b/) },
  { name: 'data', test: has(/\bwhat data\b|\bwhich (?:symbols|tickers|data)\b|\bdata do you have\b|\b(?:show|list) (?:the |me )?(?:data|symbols|tickers)\b|^data$|\bwhat symbols\b|\bdata status\b/) },
  { name: 'leaderboard', test: has(/\bleaderboard\b|\bbest (?:models?|strateg(?:y|ies))\b|\bwhich (?:models?|strateg(?:y|ies)) (?:works?|worked|did|does|performs?|performed|is) (?:best|well)\b|\btop (?:\d+ )?models?\b|\brank(?:ing|ed)?\b|\bworks? best\b/) },
  { name: 'recommend', test: has(/\brecommend|\bsuggest|\bwhat should i (?:use|trade|run|do)\b|\bwhich (?:model|strategy) should\b|\badvice\b/) },
  { name: 'compare', test: has(/\bcompare\b|\bcomparison\b|\bvs\.?\b|\bversus\b|\bside by side\b|\bwhich is better\b|\bagainst each other\b/) },
  { name: 'evaluate', test: has(/\bevaluat|\bwalk[- ]forward\b|\bscore (?:the )?models?\b/) },
  { name: 'accuracy', test: has(/\baccura(?:te|cy)\b|\bhit rate\b|\bhow (?:good|reliable) (?:is|are|was|were)\b.*\b(?:forecasts?|predictions?|signals?)\b/) },
  { name: 'backtest', test: has(/\bback[- ]?test|\btest (?:a |an |the )?|\bsimulate\b|\bsimulation\b|\bhow (?:did|would|does|has) .* (?:do|done|perform|performed|fare|fared)\b|\brun (?:a |an |the )?\b.*\bon\b|\bperformance of\b/) },
  { name: 'volatility', test: has(/\bvolatil|\bvol forecast\b|\bhow volatile\b|\bgarch\b/) },
  { name: 'risk', test: has(/\brisk\b|\bvalue at risk\b|\bvar\b|\bhow much could (?:i|we) lose\b|\bworst (?:day|loss)\b|\bdownside\b/) },
  { name: 'regime', test: has(/\bregime\b|\bmarket state\b|\bbull or bear\b|\bcalm or turbulent\b|\bwhat kind of market\b/) },
  { name: 'predict', test: has(/\bpredict|\bforecast\b|\bsignals?\b|\boutlook\b|\bwhere (?:is|will) .* go|\bwill .* go (?:up|down)\b|\bgoing (?:up|down)\b|\bexpected return\b/) },
  { name: 'model', test: (s, c) => c.hasModel && /\b(?:what is|what's|what are|tell me about|describe|explain|details (?:of|on|about)|info (?:on|about)|card)\b/.test(s) },
  { name: 'models', test: has(/\bmodels?\b|\bstrateg(?:y|ies)\b|\bwhat can i (?:backtest|test)\b/) },
];

export function classifyIntent(lower: string, ctx: { hasModel: boolean }): string | null {
  for (const r of RULES) if (r.test(lower, ctx)) return r.name;
  return null;
}
