// The list of every intent the conversation core knows, in the order /help shows them.
import type { IntentDefinition } from '../intent.ts';
import { autopilotIntent } from './autopilot.ts';
import { watchIntent } from './watch.ts';
import { reportIntent, whyIntent } from './explain.ts';
import { backtestIntent, compareIntent } from './backtest.ts';
import { helloIntent, liveIntent, startIntent, thanksIntent } from './conversation.ts';
import { overboughtIntent } from './overbought.ts';
import { dataIntent, pullIntent } from './data.ts';
import { accuracyIntent, evaluateIntent } from './evaluation.ts';
import { leaderboardIntent } from './leaderboard.ts';
import { predictIntent, regimeIntent, riskIntent, volatilityIntent } from './forecasts.ts';
import { recommendIntent } from './recommend.ts';
import { quoteIntent } from './quote.ts';
import { helpIntent, statusIntent } from './info.ts';
import { limitsIntent } from './limits.ts';
import { roleIntent } from './roles.ts';
import { auditIntent } from './audit.ts';
import { modelIntent, modelsIntent } from './models.ts';
import { notifyIntent, subscribeIntent, unsubscribeIntent } from './subscriptions.ts';
import { dailyIntent, monthlyIntent, performanceIntent, profitIntent, tradesIntent, weeklyIntent } from './trade-history.ts';
import {
  balanceIntent,
  buyIntent,
  cancelIntent,
  closeIntent,
  ordersIntent,
  pnlIntent,
  positionsIntent,
  sellIntent,
} from './trading.ts';
import { haltIntent, resumeIntent, stopEntryIntent } from './trading-switches.ts';

// Each definition keeps its own argument type; the list holds them by the common shape.
const intents = [
  helpIntent,
  statusIntent,
  dataIntent,
  pullIntent,
  modelsIntent,
  modelIntent,
  backtestIntent,
  compareIntent,
  leaderboardIntent,
  evaluateIntent,
  accuracyIntent,
  quoteIntent,
  predictIntent,
  volatilityIntent,
  riskIntent,
  regimeIntent,
  overboughtIntent,
  recommendIntent,
  buyIntent,
  sellIntent,
  closeIntent,
  ordersIntent,
  cancelIntent,
  positionsIntent,
  balanceIntent,
  pnlIntent,
  tradesIntent,
  profitIntent,
  performanceIntent,
  dailyIntent,
  weeklyIntent,
  monthlyIntent,
  haltIntent,
  stopEntryIntent,
  resumeIntent,
  limitsIntent,
  autopilotIntent,
  watchIntent,
  whyIntent,
  reportIntent,
  subscribeIntent,
  unsubscribeIntent,
  notifyIntent,
  roleIntent,
  auditIntent,
  startIntent,
  helloIntent,
  thanksIntent,
  liveIntent,
] as unknown as IntentDefinition[];

export function allIntents(): readonly IntentDefinition[] {
  return intents;
}

export function findIntent(name: string): IntentDefinition | undefined {
  return intents.find((i) => i.name === name);
}
