// The kinds of alert a chat can set one by one (/notify fill silent), each event's kind, and the defaults: fills,
// halts and failures on; partial fills and the autopilot's model changes silent (delivered without a sound).
import type { EngineEvent } from './engine-events.ts';
import { protectiveKind } from '../trader/round-trips.ts';

export const ALERT_KINDS = ['fill', 'partial-fill', 'protective', 'trade-closed', 'order-refused', 'order-rejected', 'halt', 'reconcile', 'data-failure', 'model-change', 'anomaly'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_MODES = ['on', 'silent', 'off'] as const;
export type AlertMode = (typeof ALERT_MODES)[number];

export const DEFAULT_ALERT_MODES: Readonly<Record<AlertKind, AlertMode>> = {
  fill: 'on',
  'partial-fill': 'silent',
  protective: 'on',
  'trade-closed': 'on',
  'order-refused': 'on',
  'order-rejected': 'on',
  halt: 'on',
  reconcile: 'on',
  'data-failure': 'on',
  'model-change': 'silent',
  anomaly: 'on',
};

/** What each kind covers, for /notify. */
export const ALERT_KIND_WORDS: Readonly<Record<AlertKind, string>> = {
  fill: 'an order filled in full',
  'partial-fill': 'part of an order filled',
  protective: 'a stop, take-profit or trailing stop was reached and filled',
  'trade-closed': 'a trade closed, with its P&L',
  'order-refused': 'an order refused by a risk limit (yours or the autopilot\'s)',
  'order-rejected': 'an order rejected or cancelled by the broker',
  halt: 'halt, stop of entries, resume, daily-loss halt',
  reconcile: 'the book differs from the broker',
  'data-failure': 'a data refresh failed',
  'model-change': 'the autopilot demoted a model',
  anomaly: 'something looks wrong: a data outlier or gap, a stuck order, a drift, a missed run, a backlog',
};

export function alertKindOf(e: EngineEvent): AlertKind {
  switch (e.type) {
    case 'fill':
      if (e.cumulativeQty + 1e-9 < e.order.qty) return 'partial-fill';
      return protectiveKind(e.order) ? 'protective' : 'fill';
    case 'trade-closed':
      return 'trade-closed';
    case 'order-refused':
    case 'autopilot-order-refused':
      return 'order-refused';
    case 'order-rejected':
      return 'order-rejected';
    case 'halt':
    case 'entries-stopped':
    case 'resume':
    case 'daily-loss-halt':
      return 'halt';
    case 'reconcile':
      return 'reconcile';
    case 'data-refresh-failed':
      return 'data-failure';
    case 'model-demoted':
      return 'model-change';
    case 'anomaly':
      return 'anomaly';
  }
}
